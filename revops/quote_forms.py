"""The quote builder's form: up to five options posted as `o<i>-<field>`, parsed by the same
parser as the preview API, so the page and the API agree on what is valid (P-19)."""

from decimal import Decimal, InvalidOperation

from .engine import PROJECTION_METHODS, QuoteInput
from .models import MAX_OPTIONS
from .quote_requests import FLAGS, BadQuoteRequest, parse_quote_request

INT_FIELDS = ("term_years", "prepaid_years", "payment_terms_days", "days_before_expiry")
DEFAULT_OPTIONS = [
    {"label": "1 year, Net 30", "term_years": "1", "prepaid_years": "1", "payment_terms_days": "30"},
    {"label": "2 years upfront", "term_years": "2", "prepaid_years": "2", "payment_terms_days": "30"},
]


def option_values(post, index: int) -> dict[str, str]:
    prefix = f"o{index}-"
    return {key[len(prefix) :]: value for key, value in post.items() if key.startswith(prefix)}


def present_option_indexes(post) -> list[int]:
    indexes = set()
    for key in post:
        if key.startswith("o") and "-" in key and key[1 : key.index("-")].isdigit():
            indexes.add(int(key[1 : key.index("-")]))
    return sorted(i for i in indexes if 1 <= i <= 10)


def parse_option(values: dict[str, str]) -> tuple[QuoteInput | None, dict[str, list[str]]]:
    """Typed strings → the preview request → QuoteInput, or errors by field name."""
    body: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    amount = (values.get("credit_amount") or "").strip().replace(",", "").lstrip("$")
    body["credit_amount"] = amount
    for name in INT_FIELDS:
        raw = (values.get(name) or "").strip()
        if raw == "":
            if name in ("term_years",):
                errors.setdefault(name, []).append("Required.")
            continue
        try:
            body[name] = int(raw)
        except ValueError:
            errors.setdefault(name, []).append(f"{raw!r} is not a whole number.")
    for name in ("billing", "deal_type"):
        body[name] = values.get(name) or ("upfront" if name == "billing" else "new")
    for name in FLAGS:
        body[name] = values.get(name) in ("on", "true", "1")
    try:
        parsed = parse_quote_request(body)
    except BadQuoteRequest as exc:
        for name, messages in exc.errors.items():
            if name not in errors:
                errors[name] = messages
        return None, errors
    return (None, errors) if errors else (parsed, {})


def parse_usage(post) -> tuple[list[Decimal | None], dict[str, str]]:
    history: list[Decimal | None] = []
    errors = {}
    for month in range(1, 7):
        raw = (post.get(f"usage_{month}") or "").strip().replace(",", "").lstrip("$")
        if raw == "":
            history.append(None)
            continue
        try:
            value = Decimal(raw)
            if not value.is_finite() or value < 0:
                raise InvalidOperation
            history.append(value.quantize(Decimal("0.01")))
        except InvalidOperation:
            errors[f"usage_{month}"] = f"Month {month}: {raw!r} is not an amount ≥ 0."
            history.append(None)
    return history, errors


def projection_method(post) -> str:
    method = post.get("projection_method") or "latest_month"
    return method if method in PROJECTION_METHODS else "latest_month"


__all__ = [
    "DEFAULT_OPTIONS",
    "MAX_OPTIONS",
    "option_values",
    "parse_option",
    "parse_usage",
    "present_option_indexes",
    "projection_method",
]
