"""AccountFacts ↔ JSON, so the stored daily row is exactly what the engine was given."""

from datetime import date
from decimal import Decimal
from typing import Any

from .facts import (
    AccountFactsInput,
    BatchExport,
    Champion,
    MemberGroup,
    OwnerChange,
    ProductFact,
    SignalEvent,
    Ticket,
    Usage,
)


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` and the JSON conversion in one walk (no deep copies)."""
    fields = getattr(type(value), "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(facts: AccountFactsInput) -> dict[str, Any]:
    return _plain(facts)


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def from_json(data: dict[str, Any]) -> AccountFactsInput:
    u = dict(data.get("usage") or {})
    usage = Usage(
        **{
            k: v
            for k, v in u.items()
            if k not in ("batch_exports", "events_weekly", "custom_event_names", "realtime_destinations")
        },
        events_weekly=tuple(u.get("events_weekly", ())),
        custom_event_names=tuple(u.get("custom_event_names", ())),
        batch_exports=tuple(BatchExport(**b) for b in u.get("batch_exports", ())),
        realtime_destinations=tuple(u.get("realtime_destinations", ())),
    )
    owner = data.get("data_engineer_owner")
    return AccountFactsInput(
        as_of=date.fromisoformat(data["as_of"]),
        products={
            k: ProductFact(
                Decimal(p["spend_last_month"]),
                p["active"],
                _d(p.get("activated_at")),
                _d(p.get("first_used_at")),
            )
            for k, p in (data.get("products") or {}).items()
        },
        members=tuple(
            MemberGroup(tuple(m["families"]), m["active"], m["count"], m.get("team", ""))
            for m in data.get("members", ())
        ),
        business_model=data.get("business_model"),
        employee_count=data.get("employee_count"),
        company_tags=tuple(data.get("company_tags", ())),
        billing_type=data.get("billing_type", "monthly"),
        contract_start=_d(data.get("contract_start")),
        contract_end=_d(data.get("contract_end")),
        paid_start=_d(data.get("paid_start")),
        replay_prohibited=data.get("replay_prohibited", False),
        open_incidents=tuple(data.get("open_incidents", ())),
        open_tickets=tuple(Ticket(**t) for t in data.get("open_tickets", ())),
        open_implementation_items=tuple(data.get("open_implementation_items", ())),
        champions=tuple(
            Champion(c["name"], c["status"], _d(c.get("status_changed_on")))
            for c in data.get("champions", ())
        ),
        events=tuple(
            SignalEvent(
                e["type"],
                date.fromisoformat(e["occurred_on"]),
                e.get("product"),
                e.get("cleared", False),
                e.get("ref"),
            )
            for e in data.get("events", ())
        ),
        usage=usage,
        data_engineer_owner=OwnerChange(owner["name"], date.fromisoformat(owner["changed_on"]))
        if owner
        else None,
        compliance_status=data.get("compliance_status", "ok"),
    )
