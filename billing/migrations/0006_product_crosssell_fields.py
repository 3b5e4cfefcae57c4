"""The catalogue's last cross-sell attribute: each product's activation default (ACT-2).

Every other crosssell.md catalogue field (kind, maturity, attribution, secondary use cases,
counts_for_adoption, usage definition) is filled by 0002; this fills `activation_definition`.
"""

from django.db import migrations

ACTIVATION = {
    "session_replay": "analysing 5 recordings AND setting a filter",
    "product_analytics": "save 4 insights",
    "experiments": "launched an experiment",
}
DEFAULT = "usage definition met on ≥ 2 distinct days"  # ACT-2 / D-45: "Has done a key event multiple times"
NOT_ACTIVATED = frozenset({"teams_addon", "boost_package", "scale_package", "enterprise_package"})


def load(apps, schema_editor):
    Product = apps.get_model("billing", "Product")
    for product in Product.objects.filter(activation_definition=""):
        if product.key in NOT_ACTIVATED:
            continue
        product.activation_definition = ACTIVATION.get(product.key, DEFAULT)
        product.save(update_fields=["activation_definition"])


def unload(apps, schema_editor):
    apps.get_model("billing", "Product").objects.update(activation_definition="")


class Migration(migrations.Migration):
    dependencies = [("billing", "0005_money_mrr_credits")]
    operations = [migrations.RunPython(load, unload)]
