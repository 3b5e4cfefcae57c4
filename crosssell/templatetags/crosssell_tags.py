from django import template

from crosssell.engine.catalogue import label

register = template.Library()


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def product_name(product, feature=None):
    return label(product, feature or None)


@register.filter
def words(value):
    """`not_adopted` → `not adopted`."""
    return str(value or "").replace("_", " ")
