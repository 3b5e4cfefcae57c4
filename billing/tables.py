import django_tables2 as tables

from .models import Product


class ProductTable(tables.Table):
    key = tables.Column(verbose_name="Key")
    is_quota_primary = tables.BooleanColumn(verbose_name="Quota primary", yesno="yes,—")
    is_core = tables.BooleanColumn(verbose_name="Core", yesno="yes,—")
    counts_for_adoption = tables.BooleanColumn(verbose_name="Counts for adoption", yesno="yes,—")

    class Meta:
        model = Product
        fields = [
            "name", "key", "kind", "maturity", "is_quota_primary", "is_core",
            "attribution_use_case", "counts_for_adoption", "usage_definition",
        ]
        order_by = ["display_order"]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
