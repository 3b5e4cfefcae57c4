"""The product catalogue: keys and the product sets other apps count by."""

from django.db.models import QuerySet

from ..models import Product


def product_catalogue() -> QuerySet[Product]:
    return Product.objects.order_by("display_order", "key")


def product_keys() -> frozenset[str]:
    return frozenset(Product.objects.values_list("key", flat=True))


def quota_primary_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(is_quota_primary=True).values_list("key", flat=True))


def core_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(is_core=True).values_list("key", flat=True))


def adoption_product_keys() -> frozenset[str]:
    return frozenset(Product.objects.filter(counts_for_adoption=True).values_list("key", flat=True))
