"""The response body of `POST /api/v1/billing/credits/preview` (contracts.md): money as
strings with two places, dates ISO, each scenario's action spelled out. Re-exported by
`billing.preview`."""

from datetime import date
from decimal import Decimal
from typing import Any

from .engine import CreditsResult
from .engine.dates import label


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.quantize(Decimal('0.01'))}"


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _action(action: dict | None) -> dict | None:
    if action is None:
        return None
    out: dict[str, Any] = {}
    for key, value in action.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif key == "discount_percent":
            out[key] = float(value)
        elif isinstance(value, Decimal):
            out[key] = _money(value)
        else:
            out[key] = value
    return out


def result_json(result: CreditsResult) -> dict:
    """contracts.md's response shape: amounts as strings, percentages as numbers, ISO dates."""
    burn, contract, term, roll = result.burn, result.contract, result.term, result.rollover
    return {
        "as_of": result.as_of.isoformat(),
        "available_credit": _money(result.available_credit),
        "burn_source": burn.source,
        "burn_months": [label(m) for m in burn.months],
        "burn_amount": _money(burn.amount),
        "burn_days": burn.days,
        "daily_burn": _money(burn.daily_shown),
        "anchor": _day(burn.anchor),
        "run_out_date": _day(result.run_out_date),
        "runway_days": result.runway_days,
        "contract_end": _day(contract.end_date) if contract else None,
        "annual_spend": _money(contract.annual_spend) if contract else None,
        "discount_percent": float(contract.discount) if contract else None,
        "term_start": _day(term.start) if term else None,
        "term_end": _day(term.end) if term else None,
        "first_half_end": _day(term.first_half_end) if term else None,
        "last_two_months_from": _day(term.last_two_months_from) if term else None,
        "scenario": result.scenario.value,
        "alert": result.alert,
        "action": _action(result.action),
        "rollover": None
        if roll is None
        else {
            "cap": _money(roll.cap),
            "remaining_at_end": _money(roll.remaining_at_end),
            "renewal_qualifies": roll.renewal_qualifies,
            "minimum_renewal_annual_spend": _money(roll.minimum_renewal_annual_spend),
            "allowed": _money(roll.allowed),
            "expires_at": _day(roll.expires_at),
        },
        "grants": [
            {
                "kind": s.grant.kind,
                "amount": _money(s.grant.amount),
                "starts_on": _day(s.grant.starts_on),
                "expires_at": _day(s.grant.expires_at),
                "status": s.status,
                "consumed": _money(s.consumed),
                "remaining": _money(s.remaining),
                "expired": _money(s.expired),
            }
            for s in result.grants
        ],
        "expiring": [{"date": day.isoformat(), "amount": _money(amount)} for day, amount in result.expiring],
        "invoices": [
            {
                "period_start": _day(r.period_start),
                "period_end": _day(r.period_end),
                "after_cn": _money(r.after_cn),
                "credits_applied": _money(r.credits_applied),
                "billed": _money(r.billed),
            }
            for r in result.invoices
        ],
        "mrr": [
            {
                "month": label(m.month),
                "configuration": m.configuration,
                "total": _money(m.total),
                "products": {key: _money(value) for key, value in m.products.items()},
            }
            for m in result.mrr
        ],
        "notes": list(result.notes),
    }
