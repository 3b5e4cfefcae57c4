"""The adapter between `POST /api/v1/billing/credits/preview` and `billing.engine.evaluate_credits`.

Parsing is strict and reports every bad field, nested like DRF serializer errors
(`{"invoices": [{}, {"period_end": ["after as_of"]}]}`): contracts.md lists the input errors.
Amounts are JSON strings with at most two places; percentages are JSON numbers.
"""

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .engine import Contract, CreditsResult, add_months, evaluate_credits
from .engine.credits import CreditsInput, GrantInput, InvoiceInput, default_grant_expiry, default_grant_start
from .engine.runway import Renewal

AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?", re.ASCII)  # fits Decimal(14, 2)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MAX_ITEMS = 600
SOURCES = ("SALES_CONTRACT", "SELF_SERVE")
GRANT_KINDS = (
    "ONE_TIME",
    "STARTUP_PLAN",
    "EXPANSION",
    "ROLLOVER",
    "RENEWAL_BRIDGE",
    "STARTUP_ROLL_OFF",
    "CONTRACT_BUYOUT",
    "NEW_BUSINESS_RENEWAL",
    "IMPORTED",
)
DERIVED_ONLY = ("PREPAID_CONTRACT", "SELF_SERVE_TRANCHE")
CONFIGURATIONS = ("FREE", "PAID", "STARTUP", "ENTERPRISE_YEARLY_CREDIT", "LEGACY")
TOP_LEVEL = ("as_of", "contract", "grants", "invoices", "upcoming_invoice", "renewal", "configuration")
REQUIRED = "This field is required."


class Bad(ValueError):
    pass


def _date(value: Any) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad("Must be a calendar date written YYYY-MM-DD.")


def _amount(value: Any) -> Decimal:
    if not isinstance(value, str) or not AMOUNT.fullmatch(value):
        raise Bad('Must be a JSON string holding a decimal ≥ 0 with at most two places, e.g. "1234.50".')
    return Decimal(value)


def _positive(value: Any) -> Decimal:
    amount = _amount(value)
    if amount <= 0:
        raise Bad("Must be above 0.00.")
    return amount


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad("Must be a whole number.")
    return value


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad("Must be a JSON number of percentage points.")
    return Decimal(str(value))


class _Object:
    """One JSON object being read: collects each bad key's messages."""

    def __init__(self, data: Mapping, allowed: tuple[str, ...]):
        self.data = data
        self.errors: dict[str, Any] = {}
        for key in data:
            if key not in allowed:
                self.errors[key] = ["Unknown field."]

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def get(
        self,
        key: str,
        parse: Callable[[Any], Any],
        *,
        required: bool = False,
        default: Any = None,
        nullable: bool = True,
    ) -> Any:
        if key not in self.data:
            if required:
                self.add(key, REQUIRED)
            return default
        value = self.data[key]
        if value is None:
            if required or not nullable:
                self.add(key, "This field may not be null.")
            return None
        try:
            return parse(value)
        except Bad as exc:
            self.add(key, str(exc))
            return None


def _object(value: Any, errors: dict, key: str) -> Mapping | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        errors[key] = ["Must be a JSON object."]
        return None
    return value


def _list(value: Any, errors: dict, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        errors[key] = ["Must be a list."]
        return []
    if len(value) > MAX_ITEMS:
        errors[key] = [f"At most {MAX_ITEMS} entries."]
        return []
    return value


def parse_request(
    data: Any, *, product_keys: frozenset[str], today: date
) -> tuple[CreditsInput | None, dict]:
    if not isinstance(data, Mapping):
        return None, {"non_field_errors": ["The request body is a JSON object."]}
    top = _Object(data, TOP_LEVEL)
    as_of = top.get("as_of", _date) or today
    contract = _contract(_object(data.get("contract"), top.errors, "contract"), top.errors)

    invoices, invoice_errors = [], []
    for raw in _list(data.get("invoices"), top.errors, "invoices"):
        entry, parsed = _invoice(raw, as_of, product_keys)
        invoice_errors.append(entry)
        if parsed is not None:
            invoices.append(parsed)
    if any(invoice_errors):
        top.errors["invoices"] = invoice_errors

    starts = [inv.period_start for inv in invoices]
    grants, grant_errors = [], []
    for raw in _list(data.get("grants"), top.errors, "grants"):
        entry, grant = _grant(raw, default_grant_start(contract, starts, as_of), contract)
        grant_errors.append(entry)
        if grant is not None:
            grants.append(grant)
    if any(grant_errors):
        top.errors["grants"] = grant_errors

    upcoming = None
    raw_upcoming = _object(data.get("upcoming_invoice"), top.errors, "upcoming_invoice")
    if raw_upcoming is not None:
        obj = _Object(raw_upcoming, ("period_start", "amount"))
        start = obj.get("period_start", _date, required=True)
        amount = obj.get("amount", _amount, required=True)
        if start is not None and start > as_of:
            obj.add("period_start", "An upcoming invoice starts on or before as_of.")
        if obj.errors:
            top.errors["upcoming_invoice"] = obj.errors
        elif start is not None and amount is not None:
            upcoming = (start, amount)

    renewal = None
    raw_renewal = _object(data.get("renewal"), top.errors, "renewal")
    if raw_renewal is not None:
        obj = _Object(raw_renewal, ("price", "term_months", "start_date", "signed_on"))
        price = obj.get("price", _amount, required=True)
        term = obj.get("term_months", _int, default=12, nullable=False)
        if term is not None and term < 1:
            obj.add("term_months", "Must be at least 1.")
        start = obj.get("start_date", _date)
        signed_on = obj.get("signed_on", _date)
        if contract is None and "contract" not in top.errors:
            top.add("renewal", "A renewal needs a contract.")
        if obj.errors:
            top.errors["renewal"] = obj.errors
        elif contract is not None and price is not None and term is not None and term >= 1:
            renewal = Renewal(price, term, start or contract.end_date, signed_on)

    configuration = top.get("configuration", lambda v: v)
    if configuration is not None:
        if configuration == "ENTERPRISE_AMORTIZED_CREDIT":
            top.add(
                "configuration", "ENTERPRISE_AMORTIZED_CREDIT is out of the preview's scope (decision 3)."
            )
        elif configuration not in CONFIGURATIONS:
            top.add("configuration", f"Unknown configuration; one of {', '.join(CONFIGURATIONS)}.")
        elif configuration == "ENTERPRISE_YEARLY_CREDIT" and data.get("contract") is None:
            top.add("configuration", "ENTERPRISE_YEARLY_CREDIT needs a contract.")

    if top.errors:
        return None, top.errors
    return CreditsInput(as_of, contract, tuple(grants), tuple(invoices), upcoming, renewal, configuration), {}


def _contract(raw: Mapping | None, errors: dict) -> Contract | None:
    if raw is None:
        return None
    obj = _Object(
        raw,
        (
            "source",
            "credit_amount",
            "price",
            "discount_percent",
            "start_date",
            "term_months",
            "prepaid_years",
        ),
    )
    source = obj.get("source", lambda v: v, default="SALES_CONTRACT", nullable=False)
    if source is not None and source not in SOURCES:
        obj.add("source", f"Unknown source; one of {', '.join(SOURCES)}.")
        source = None
    credit = obj.get("credit_amount", _positive, required=True)
    price = obj.get("price", _amount, required=True)
    if credit is not None and price is not None and price > credit:
        obj.add("price", "The price exceeds the credit amount.")
    discount = obj.get("discount_percent", _number)
    if discount is not None and not 0 <= discount <= 100:
        obj.add("discount_percent", "Must be between 0 and 100.")
    start = obj.get("start_date", _date, required=True)
    term = obj.get("term_months", _int, default=12, nullable=False)
    if term is not None and term < 1:
        obj.add("term_months", "Must be at least 1.")
        term = None
    prepaid = obj.get("prepaid_years", _int, default=1, nullable=False)
    if source == "SELF_SERVE":
        prepaid = 1  # ignored for self-serve
        if term is not None and term != 12:
            obj.add("term_months", "A SELF_SERVE purchase lasts 12 months (B-23).")
    elif term is not None and prepaid is not None:
        years = -(-term // 12)
        if not 1 <= prepaid <= years:
            obj.add("prepaid_years", f"Must be between 1 and {years} (⌈term_months / 12⌉).")
        elif prepaid < years and term % 12:
            obj.add("term_months", "Paid yearly needs a term in whole years (a multiple of 12).")
    if obj.errors:
        errors["contract"] = obj.errors
        return None
    return Contract(credit, price, start, term, prepaid, discount, source)


def _invoice(raw: Any, as_of: date, product_keys: frozenset[str]) -> tuple[dict, InvoiceInput | None]:
    if not isinstance(raw, Mapping):
        return {"non_field_errors": ["Must be a JSON object."]}, None
    obj = _Object(raw, ("period_start", "period_end", "lines", "tax"))
    start = obj.get("period_start", _date, required=True)
    end = obj.get("period_end", _date)
    if end is None and start is not None and "period_end" not in obj.errors:
        end = add_months(start, 1)
    if start is not None and end is not None:
        if end <= start:
            obj.add("period_end", "Must be after period_start.")
        elif end > as_of:
            obj.add("period_end", "An invoice must have ended by as_of (period_end after as_of).")
    lines: dict[str, Decimal] = {}
    raw_lines = raw.get("lines", {})
    if raw_lines is None:
        raw_lines = {}
    if not isinstance(raw_lines, Mapping):
        obj.add("lines", "Must be an object of product key to amount.")
    else:
        line_errors: dict[str, list[str]] = {}
        for key, value in raw_lines.items():
            if key not in product_keys:
                line_errors[key] = ["Unknown product key (contracts.md Product keys)."]
                continue
            try:
                lines[key] = _amount(value)
            except Bad as exc:
                line_errors[key] = [str(exc)]
        if line_errors:
            obj.errors["lines"] = line_errors
    tax = obj.get("tax", _amount, default=Decimal("0.00"), nullable=False)
    if obj.errors or start is None or end is None or tax is None:
        return obj.errors or {"period_start": [REQUIRED]}, None
    return {}, InvoiceInput(start, end, lines, tax)


def _grant(raw: Any, default_start: date, contract: Contract | None) -> tuple[dict, GrantInput | None]:
    if not isinstance(raw, Mapping):
        return {"non_field_errors": ["Must be a JSON object."]}, None
    obj = _Object(raw, ("kind", "amount", "starts_on", "expires_at"))
    kind = obj.get("kind", lambda v: v, default="ONE_TIME", nullable=False)
    if kind in DERIVED_ONLY:
        obj.add("kind", f"{kind} comes from the contract and is never listed (decision 2).")
    elif kind is not None and kind not in GRANT_KINDS:
        obj.add("kind", "Unknown grant kind.")
    amount = obj.get("amount", _positive, required=True)
    starts_on = obj.get("starts_on", _date, default=default_start, nullable=False)
    if "expires_at" in raw:
        expires_at = obj.get("expires_at", _date)  # explicit null: no expiry
    else:
        expires_at = default_grant_expiry(kind or "", contract)
    if starts_on is not None and expires_at is not None and expires_at <= starts_on:
        obj.add("expires_at", "Must be after starts_on.")
    if obj.errors or kind is None or amount is None or starts_on is None:
        return obj.errors, None
    return {}, GrantInput(kind, amount, starts_on, expires_at)


def preview_credits(facts: CreditsInput) -> CreditsResult:
    return evaluate_credits(facts)


from .preview_response import result_json  # noqa: E402, F401  (the API renders through preview)
