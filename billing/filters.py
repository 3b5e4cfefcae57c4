import django_filters

from .models import Product


class ProductFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Product
        fields = ["name", "kind", "maturity", "is_quota_primary", "is_core", "counts_for_adoption"]
