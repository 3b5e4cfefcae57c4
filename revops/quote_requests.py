"""Parse a preview request (contracts.md `POST /api/v1/quotes/preview`, P-19 and decisions 1 and 6)
into the engine's QuoteInput, naming every bad field at once.

Integers are JSON integers only (`"2"`, `2.5` and `true` are bad); `credit_amount` is a JSON
string holding a decimal above zero with at most two places; flags are `true`/`false` only. The
quote API and the builder's saved options go through the same parser.
"""

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .engine import BILLINGS, DEAL_TYPES, QuoteInput

AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?", re.ASCII)  # fits Decimal(14, 2)
MAX_INT = 10**6  # a bound on what a what-if needs, so no arithmetic runs away
FLAGS = ("signing_date_committed", "on_active_credit_plan", "nonprofit", "self_serve")
FIELDS = (
    "credit_amount",
    "term_years",
    "prepaid_years",
    "payment_terms_days",
    "billing",
    "deal_type",
    "days_before_expiry",
    *FLAGS,
)
REQUIRED = ("credit_amount", "term_years", "deal_type")


class BadQuoteRequest(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_quote_request(data: Any) -> QuoteInput:
    if not isinstance(data, Mapping):
        raise BadQuoteRequest({"non_field_errors": ["Send a JSON object."]})
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in REQUIRED:
        if name not in data:
            bad(name, "This field is required.")

    credit = None
    if "credit_amount" in data:
        raw = data["credit_amount"]
        if not isinstance(raw, str) or not AMOUNT.fullmatch(raw):
            bad(
                "credit_amount",
                'Must be a JSON string holding a decimal with at most two places, e.g. "75000.00".',
            )
        elif Decimal(raw) <= 0:
            bad("credit_amount", "Must be above 0.")
        else:
            credit = Decimal(raw).quantize(Decimal("0.01"))

    def integer(name: str, default: int | None, minimum: int, *, nullable: bool = False) -> int | None:
        if name not in data:
            return default
        value = data[name]
        if value is None and nullable:
            return None
        if not _is_int(value) or value < minimum or value > MAX_INT:
            bad(
                name,
                f"Must be a JSON integer from {minimum} to {MAX_INT}."
                if not nullable
                else f"Must be a JSON integer (from -{MAX_INT} to {MAX_INT}) or null.",
            )
            return None
        return value

    term = integer("term_years", None, 1)
    prepaid = integer("prepaid_years", 1, 1)
    net = integer("payment_terms_days", 30, 0)
    if "days_before_expiry" in data and data["days_before_expiry"] is not None:
        dbe_raw = data["days_before_expiry"]
        days = dbe_raw if _is_int(dbe_raw) and abs(dbe_raw) <= MAX_INT else None
        if days is None:
            bad("days_before_expiry", "Must be a JSON integer or null.")
    else:
        days = None

    billing = data.get("billing", "upfront")
    if billing not in BILLINGS:
        bad("billing", f"Must be one of {', '.join(BILLINGS)}.")
    deal_type = data.get("deal_type")
    if "deal_type" in data and deal_type not in DEAL_TYPES:
        bad("deal_type", f"Must be one of {', '.join(DEAL_TYPES)}.")
    flags = {}
    for name in FLAGS:
        value = data.get(name, False)
        if not isinstance(value, bool):
            bad(name, "Must be true or false.")
        flags[name] = value is True

    if prepaid is not None and term is not None and prepaid > term:
        bad("prepaid_years", "Cannot be more than term_years.")
    if billing == "monthly" and prepaid is not None and prepaid > 1:
        bad("billing", "Monthly billing prepays one year only: prepaid_years must be 1.")
        bad("prepaid_years", "Must be 1 when billing is monthly.")

    if errors:
        raise BadQuoteRequest(errors)
    assert credit is not None and term is not None and prepaid is not None and net is not None
    return QuoteInput(
        credit_amount=credit,
        term_years=term,
        deal_type=str(deal_type),
        prepaid_years=prepaid,
        payment_terms_days=net,
        billing=str(billing),
        days_before_expiry=days,
        **flags,
    )


def quote_result_json(result) -> dict:
    """The contract's response: amounts as strings, percentages as JSON numbers, no `status`."""
    return {
        "credit_amount": f"{result.credit_amount:.2f}",
        "components": {key: float(value) for key, value in result.components.items()},
        "discount_pct": float(result.discount_pct),
        "price": None if result.price is None else f"{result.price:.2f}",
        "custom_pricing": result.custom_pricing,
        "within_policy": result.within_policy,
        "notes": [str(note) for note in result.notes],
    }
