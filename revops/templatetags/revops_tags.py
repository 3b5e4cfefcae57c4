"""Display helpers for the pricing pages."""

from decimal import Decimal

from django import template

register = template.Library()

LEVER_LABELS = {
    "volume": "Volume (P-2)",
    "commitment": "Length of commitment (P-4)",
    "cash_timing": "Timing of cash (P-6)",
    "forecast": "Ability to forecast (P-8/P-9)",
    "nonprofit": "Non-profit (P-15)",
    "self_serve": "Self-serve (P-14)",
}


@register.filter
def lever_label(key: str) -> str:
    return LEVER_LABELS.get(key, key)


@register.filter
def usd(amount) -> str:
    if amount is None or amount == "":
        return "—"
    return f"${Decimal(str(amount)):,.2f}"


@register.filter
def points(value) -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    text = f"{number:f}".rstrip("0").rstrip(".") if "." in f"{number:f}" else f"{number:f}"
    return "0" if text in ("-0", "") else text


@register.filter
def times(amount, factor) -> Decimal | None:
    if amount is None or amount == "":
        return None
    return Decimal(str(amount)) * Decimal(str(factor))


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
