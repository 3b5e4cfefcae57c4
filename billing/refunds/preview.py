"""The adapter between `POST /api/v1/billing/refunds/preview` and
`billing.engine.refund_calculator.evaluate_refund` (contracts.md, fixed): strict parsing that reports every
bad field nested like the request (`{"lines": [{}, {"tiers": [...]}]}`), and the response body.
The Refund request form builds its `RefundInput` through `parse_refund_request` too."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from config.preview_fields import AMOUNT, Bad, parse_date

from ..engine.refund_calculator import (
    FRAUD_SIGNALS,
    INCIDENT_KINDS,
    MITIGATIONS,
    SCENARIOS,
    LineInput,
    PriorIncident,
    RefundInput,
    RefundResult,
    evaluate_refund,
)
from ..engine.tiers import TIERS_MODES, Tier, tiers_problem

TOP_LEVEL = (
    "scenario",
    "billing_date",
    "requested_on",
    "invoice_finalized",
    "lines",
    "percent_off",
    "is_first_bill_over_1",
    "company_has_revenue",
    "is_hobby_project",
    "spike_ceased",
    "mitigation",
    "fraud_signals",
    "something_off",
    "invoice_change_needed",
    "overdue_invoices",
    "prior_incidents",
    "prior_recommendations_actioned",
    "extraordinary_circumstances",
    "recent_mrr",
)
FLAGS = {
    "invoice_finalized": True,
    "is_first_bill_over_1": False,
    "company_has_revenue": True,
    "is_hobby_project": False,
    "spike_ceased": False,
    "something_off": False,
    "invoice_change_needed": False,
    "overdue_invoices": False,
}
LINE_KEYS = ("product_key", "prior_units", "spike_units", "tiers_mode", "tiers")
TIER_KEYS = ("up_to", "unit_amount", "flat_amount")
DECIMAL = re.compile(r"\d{1,12}(\.\d{1,12})?", re.ASCII)  # a unit price may have many places
MAX_MONTHS = 3
MAX_LINES = 50
MAX_TIERS = 50
MAX_INCIDENTS = 200
REQUIRED = "This field is required."
UNKNOWN = "Unknown field."


def _units(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Bad(f"{where}: must be a whole number of units ≥ 0.")
    return value


def _unit_amount(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not DECIMAL.fullmatch(value):
        raise Bad(f'{where}: must be a JSON string holding a decimal ≥ 0, e.g. "0.00005".')
    return Decimal(value)


def _money(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not AMOUNT.fullmatch(value):
        raise Bad(f"{where}: must be a JSON string holding a decimal ≥ 0 with at most two places.")
    return Decimal(value)


def _choice(value: Any, where: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise Bad(f"{where}: unknown value; one of {', '.join(choices)}.")
    return value


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def unknown(self, data: Mapping, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.add(str(key), UNKNOWN)


def _list(value: Any, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise Bad(f"{where}: must be a list.")
    if len(value) > limit:
        raise Bad(f"{where}: at most {limit} entries.")
    return value


def parse_refund_request(
    data: Any, *, product_keys: frozenset[str], today: date
) -> tuple[RefundInput | None, dict]:
    """contracts.md's request → RefundInput, or the 400 body naming each bad field."""
    if not isinstance(data, Mapping):
        return None, {"non_field_errors": ["The request body is a JSON object."]}
    out = _Errors()
    out.unknown(data, TOP_LEVEL)
    values: dict[str, Any] = {}

    def field(key, parse, default):
        if key not in data:
            return default
        try:
            return parse(data[key], key)
        except Bad as exc:
            out.add(key, str(exc))
            return default

    values["scenario"] = field("scenario", lambda v, w: _choice(v, w, tuple(SCENARIOS)), "other")
    if "billing_date" not in data:
        out.add("billing_date", REQUIRED)
    billing_date = field("billing_date", parse_date, None)
    requested_on = field("requested_on", parse_date, today)
    for key, default in FLAGS.items():
        values[key] = field(key, _flag, default)
    values["mitigation"] = field("mitigation", lambda v, w: _choice(v, w, MITIGATIONS), "none")
    values["percent_off"] = field("percent_off", _percent, Decimal(0))
    values["fraud_signals"] = field("fraud_signals", _signals, ())
    values["prior_recommendations_actioned"] = field("prior_recommendations_actioned", _tristate, None)
    values["extraordinary_circumstances"] = field("extraordinary_circumstances", _text, "")
    values["recent_mrr"] = field("recent_mrr", _recent_mrr, ())

    incidents = _incidents(data.get("prior_incidents", []), requested_on, out)
    lines = _lines(data.get("lines", []), product_keys, out)

    if out.errors or billing_date is None:
        return None, out.errors
    return (
        RefundInput(
            billing_date=billing_date,
            requested_on=requested_on,
            lines=lines,
            prior_incidents=incidents,
            **values,
        ),
        {},
    )


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"{where}: must be true or false.")
    return value


def _tristate(value: Any, where: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise Bad(f"{where}: must be true, false or null.")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise Bad(f"{where}: must be a string.")
    return value


def _percent(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Bad(f"{where}: must be a JSON number of percentage points.")
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        raise Bad(f"{where}: must be a JSON number of percentage points.") from None
    if not 0 <= points <= 100:
        raise Bad(f"{where}: must be between 0 and 100.")
    return points


def _signals(value: Any, where: str) -> tuple[str, ...]:
    items = _list(value, where, len(FRAUD_SIGNALS))
    for item in items:
        _choice(item, where, FRAUD_SIGNALS)
    return tuple(dict.fromkeys(items))


def _recent_mrr(value: Any, where: str) -> tuple[Decimal, ...]:
    items = _list(value, where, MAX_MONTHS)
    return tuple(_money(item, where) for item in items)


def _incidents(value: Any, requested_on: date, out: _Errors) -> tuple[PriorIncident, ...]:
    try:
        items = _list(value, "prior_incidents", MAX_INCIDENTS)
    except Bad as exc:
        out.add("prior_incidents", str(exc))
        return ()
    parsed, entries = [], []
    for raw in items:
        entry = _Errors()
        if not isinstance(raw, Mapping):
            entries.append({"non_field_errors": ["Must be a JSON object."]})
            continue
        entry.unknown(raw, ("on", "kind"))
        on = kind = None
        try:
            if "on" not in raw:
                raise Bad(REQUIRED)
            on = parse_date(raw["on"], "on")
            if on > requested_on:
                on = None
                entry.add("on", "on: a prior incident is dated on or before requested_on.")
        except Bad as exc:
            entry.add("on", str(exc))
        try:
            kind = _choice(raw.get("kind"), "kind", INCIDENT_KINDS)
        except Bad as exc:
            entry.add("kind", str(exc))
        entries.append(entry.errors)
        if not entry.errors and on is not None and kind is not None:
            parsed.append(PriorIncident(on, kind))
    if any(entries):
        out.errors["prior_incidents"] = entries
    return tuple(parsed)


def _lines(value: Any, product_keys: frozenset[str], out: _Errors) -> tuple[LineInput, ...]:
    try:
        items = _list(value, "lines", MAX_LINES)
    except Bad as exc:
        out.add("lines", str(exc))
        return ()
    parsed, entries = [], []
    seen: set[str] = set()
    for raw in items:
        if not isinstance(raw, Mapping):
            entries.append({"non_field_errors": ["Must be a JSON object."]})
            continue
        entry, line = _line(raw, product_keys, seen)
        entries.append(entry)
        if line is not None:
            parsed.append(line)
    if any(entries):
        out.errors["lines"] = entries
    return tuple(parsed)


def _line(raw: Mapping, product_keys: frozenset[str], seen: set) -> tuple[dict, LineInput | None]:
    entry = _Errors()
    entry.unknown(raw, LINE_KEYS)
    key = raw.get("product_key")
    if "product_key" not in raw:
        entry.add("product_key", REQUIRED)
    elif not isinstance(key, str) or key not in product_keys:
        entry.add("product_key", "product_key: unknown product key (contracts.md Product keys).")
    elif key in seen:
        entry.add("product_key", f"product_key: {key} is already on another line; one line per product.")
    else:
        seen.add(key)
    prior: tuple[int, ...] = ()
    try:
        months = _list(raw.get("prior_units", []), "prior_units", MAX_MONTHS)
        prior = tuple(_units(u, "prior_units") for u in months)
    except Bad as exc:
        entry.add("prior_units", str(exc))
    spike = 0
    try:
        spike = _units(raw.get("spike_units", 0), "spike_units")
    except Bad as exc:
        entry.add("spike_units", str(exc))
    mode = "graduated"
    try:
        mode = _choice(raw.get("tiers_mode", "graduated"), "tiers_mode", TIERS_MODES)
    except Bad as exc:
        entry.add("tiers_mode", str(exc))
    tiers = _tiers(raw, entry)
    if entry.errors or tiers is None:
        return entry.errors, None
    return {}, LineInput(str(key), tiers, prior, spike, mode)


def _tiers(raw: Mapping, entry: _Errors) -> tuple[Tier, ...] | None:
    if "tiers" not in raw:
        entry.add("tiers", REQUIRED)
        return None
    value = raw["tiers"]
    if not isinstance(value, list) or len(value) > MAX_TIERS:
        entry.add("tiers", f"tiers: a list of at most {MAX_TIERS} tiers.")
        return None
    tiers, per_tier = [], []
    for item in value:
        bad = _Errors()
        if not isinstance(item, Mapping):
            per_tier.append({"non_field_errors": ["Must be a JSON object."]})
            continue
        bad.unknown(item, TIER_KEYS)
        up_to = None
        if item.get("up_to") is not None:
            try:
                up_to = _units(item["up_to"], "up_to")
            except Bad as exc:
                bad.add("up_to", str(exc))
        if "unit_amount" not in item:
            bad.add("unit_amount", REQUIRED)
        unit = flat = Decimal(0)
        try:
            unit = _unit_amount(item.get("unit_amount", "0"), "unit_amount")
        except Bad as exc:
            bad.add("unit_amount", str(exc))
        try:
            flat = _unit_amount(item.get("flat_amount", "0"), "flat_amount")
        except Bad as exc:
            bad.add("flat_amount", str(exc))
        per_tier.append(bad.errors)
        tiers.append(Tier(up_to, unit, flat))
    if any(per_tier):
        entry.errors["tiers"] = per_tier
        return None
    problem = tiers_problem(tiers)
    if problem is not None:
        entry.add("tiers", f"tiers: {problem}")
        return None
    return tuple(tiers)


def preview_refund(facts: RefundInput) -> RefundResult:
    return evaluate_refund(facts)


def _cents(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}"


def result_json(result: RefundResult) -> dict:
    """contracts.md's response: amounts as strings with two places, dates ISO, no `status` key."""
    return {
        "scenario": result.scenario,
        "scenario_label": result.scenario_label,
        "eligible": result.eligible,
        "checks": {name: {"ok": c.ok, "why": c.why} for name, c in result.checks.items()},
        "days_since_billing": result.days_since_billing,
        "fraud_signals": list(result.fraud_signals),
        "incident_number": result.incident_number,
        "recent_incidents_90d": result.recent_incidents_90d,
        "average_mrr": _cents(result.average_mrr),
        "big_customer": result.big_customer,
        "lines": [
            {
                "product_key": line.product_key,
                "baseline_units": line.baseline_units,
                "spike_units": line.spike_units,
                "overage_units": line.overage_units,
                "price_with_spike": _cents(line.price_with_spike),
                "price_baseline": _cents(line.price_baseline),
                "amount": _cents(line.amount),
            }
            for line in result.lines
        ],
        "amount": _cents(result.amount),
        "max_refund": _cents(result.max_refund),
        "resolution": result.resolution,
        "request_status": result.request_status,
        "credit_reason": result.credit_reason,
        "fix_window_until": None if result.fix_window_until is None else result.fix_window_until.isoformat(),
        "escalation_reasons": list(result.escalation_reasons),
        "approver_role": result.approver_role,
        "notify": list(result.notify),
        "prevention_guidance_required": result.prevention_guidance_required,
        "repeat_warning_required": result.repeat_warning_required,
        "reasons": list(result.reasons),
    }
