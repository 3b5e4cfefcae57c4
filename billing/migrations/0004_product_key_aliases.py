"""ProductKeyAlias seed (billing.md §1, D-9): every catalogue key maps to itself, and Stripe's
`posthog_analytics` to `product_analytics`."""

from django.db import migrations

EXTRA_ALIASES = {"posthog_analytics": "product_analytics"}


def seed(apps, schema_editor):
    Product = apps.get_model("billing", "Product")
    ProductKeyAlias = apps.get_model("billing", "ProductKeyAlias")
    aliases = {key: key for key in Product.objects.values_list("key", flat=True)}
    aliases.update(EXTRA_ALIASES)
    for stripe_key, product_key in aliases.items():
        ProductKeyAlias.objects.get_or_create(stripe_key=stripe_key, defaults={"product_key_id": product_key})


def unseed(apps, schema_editor):
    ProductKeyAlias = apps.get_model("billing", "ProductKeyAlias")
    Product = apps.get_model("billing", "Product")
    keys = [*Product.objects.values_list("key", flat=True), *EXTRA_ALIASES]
    ProductKeyAlias.objects.filter(stripe_key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_stripe_mirror_and_credits")]
    operations = [migrations.RunPython(seed, unseed)]
