"""Seed the handbook's quota policy (quota.md QuotaPolicyVersion defaults), published.

It takes effect from 2020-Q1, before any data the app holds, so every quarter has a version in
force (QD-27). Its timestamp is fixed, not the clock, so the demo fingerprint stays the same on
every database.
"""

from datetime import UTC, date, datetime

from django.db import migrations

HANDBOOK_EFFECTIVE_FROM = date(2020, 1, 1)
FALLBACK_PRIMARY = [
    "product_analytics", "session_replay", "feature_flags", "surveys", "error_tracking", "logs",
    "llm_observability", "posthog_ai", "data_warehouse", "data_pipelines", "workflows",
]


def seed_handbook_policy(apps, schema_editor):
    Product = apps.get_model("billing", "Product")
    QuotaPolicyVersion = apps.get_model("quota", "QuotaPolicyVersion")
    if QuotaPolicyVersion.objects.filter(status="published").exists():
        return
    # copied at publish from billing's quota primary set, in catalogue order.
    primary = list(
        Product.objects.filter(is_quota_primary=True).order_by("display_order", "key").values_list("key", flat=True)
    )
    QuotaPolicyVersion.objects.create(
        effective_from=HANDBOOK_EFFECTIVE_FROM,
        status="published",
        notes="The handbook's policy (seed 003, How we work): quota.md defaults.",
        primary_products=primary or FALLBACK_PRIMARY,
        published_at=datetime(2020, 1, 1, tzinfo=UTC),
    )


def remove_handbook_policy(apps, schema_editor):
    apps.get_model("quota", "QuotaPolicyVersion").objects.filter(effective_from=HANDBOOK_EFFECTIVE_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_product_catalogue"),
        ("quota", "0002_stored_results"),
    ]

    operations = [migrations.RunPython(seed_handbook_policy, remove_handbook_policy)]
