"""Parsing `POST /api/v1/crosssell/preview`'s request into the engine's facts, exactly as
contracts.md fixes it: every field optional with its default, and a 400 naming each bad
top-level field with a list of messages (unknown keys included)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from config.preview_fields import parse_optional_date as _optional_date

from .engine import FAMILIES
from .engine.facts import (
    BUSINESS_MODELS,
    CHAMPION_STATUSES,
    IMPLEMENTATION_ITEMS,
    SIGNAL_EVENT_TYPES,
    TICKET_PRIORITIES,
    ZERO,
    AccountFactsInput,
    Champion,
    MemberGroup,
    ProductFact,
    SignalEvent,
    Ticket,
)
from .engine.timing import default_contract_end
from .preview_fields import (
    TOP_LEVEL,
    PreviewRequestError,
    _amount,
    _choice,
    _count,
    _flag,
    _get,
    _id,
    _list,
    _object,
    _string,
    parse_usage,
)


class _Parser:
    def __init__(self, data: Mapping, product_keys: frozenset[str], today: date):
        self.data = data
        self.product_keys = product_keys
        self.errors: dict[str, list[str]] = {}
        self.today = today
        self.as_of = today
        self.late_dates: list[tuple[str, str, date]] = []  # (field, where, value) read facts

    def bag(self, name: str) -> list[str]:
        return self.errors.setdefault(name, [])

    def fact_date(self, field_name: str, where: str, value: Any) -> date | None:
        """A read fact's date: format now, "not after as_of" once as_of is known."""
        parsed = _get(self.bag(field_name), _optional_date, value, where)
        if parsed is not None:
            self.late_dates.append((field_name, where, parsed))
        return parsed

    def parse(self) -> AccountFactsInput:
        data = self.data
        for key in data:
            if key not in TOP_LEVEL:
                self.bag(key).append(f"{key}: unknown field.")
        as_of = _get(self.bag("as_of"), _optional_date, data.get("as_of"), "as_of")
        self.as_of = as_of or self.today
        products = self.products(data.get("products", {}))
        members = self.members(data.get("members", []))
        business_model = data.get("business_model")
        if business_model is not None:
            business_model = _get(
                self.bag("business_model"),
                _choice,
                business_model,
                BUSINESS_MODELS,
                "business_model",
                "business model",
            )
        employee_count = data.get("employee_count")
        if employee_count is not None:
            employee_count = _get(self.bag("employee_count"), _count, employee_count, "employee_count")
        tags = tuple(
            t
            for i, item in enumerate(
                _list(data.get("company_tags", []), "company_tags", self.bag("company_tags"))
            )
            if (t := _get(self.bag("company_tags"), _string, item, f"company_tags[{i}]")) is not None
        )
        billing_type = (
            _get(
                self.bag("billing_type"),
                _choice,
                data.get("billing_type", "monthly"),
                ("monthly", "annual"),
                "billing_type",
                "billing type",
            )
            or "monthly"
        )
        annual = billing_type == "annual"
        start = _get(self.bag("contract_start"), _optional_date, data.get("contract_start"), "contract_start")
        end = _get(self.bag("contract_end"), _optional_date, data.get("contract_end"), "contract_end")
        paid_start = _get(self.bag("paid_start"), _optional_date, data.get("paid_start"), "paid_start")
        if annual:
            self.check_contract(data, start, end)
            if start is not None and end is None:
                end = default_contract_end(start)
        elif paid_start is not None:
            self.late_dates.append(("paid_start", "paid_start", paid_start))
        replay_prohibited = (
            _get(
                self.bag("replay_prohibited"),
                _flag,
                data.get("replay_prohibited", False),
                "replay_prohibited",
            )
            or False
        )
        incidents = self.incidents(data.get("open_incidents", []))
        tickets = self.tickets(data.get("open_tickets", []))
        items = tuple(
            v
            for i, item in enumerate(
                _list(
                    data.get("open_implementation_items", []),
                    "open_implementation_items",
                    self.bag("open_implementation_items"),
                )
            )
            if (
                v := _get(
                    self.bag("open_implementation_items"),
                    _choice,
                    item,
                    IMPLEMENTATION_ITEMS,
                    f"open_implementation_items[{i}]",
                    "implementation item",
                )
            )
            is not None
        )
        champions = self.champions(data.get("champions", []))
        events = self.events(data.get("events", []))
        usage = parse_usage(data.get("usage", {}), self.bag("usage"))
        for field_name, where, value in self.late_dates:
            if value > self.as_of:
                self.bag(field_name).append(
                    f"{where}: {value.isoformat()} is after as_of {self.as_of.isoformat()}."
                )
        errors = {k: v for k, v in self.errors.items() if v}
        if errors:
            raise PreviewRequestError(errors)
        return AccountFactsInput(
            as_of=self.as_of,
            products=products,
            members=members,
            business_model=business_model,
            employee_count=employee_count,
            company_tags=tags,
            billing_type=billing_type,
            contract_start=start if annual else None,
            contract_end=end if annual else None,
            paid_start=None if annual else paid_start,
            replay_prohibited=replay_prohibited,
            open_incidents=incidents,
            open_tickets=tickets,
            open_implementation_items=items,
            champions=champions,
            events=events,
            usage=usage,
        )

    def check_contract(self, data: Mapping, start: date | None, end: date | None) -> None:
        """Annual means an active prepaid contract on as_of (contracts.md decision)."""
        if start is None:
            if data.get("contract_start") is None:
                self.bag("contract_start").append("contract_start: required when billing_type is annual.")
            return
        if start > self.as_of:
            self.bag("contract_start").append(
                f"contract_start: {start.isoformat()} is after as_of {self.as_of.isoformat()}."
            )
        effective_end = end or default_contract_end(start)
        if effective_end < start:
            self.bag("contract_end").append("contract_end: before contract_start.")
        elif effective_end < self.as_of:
            self.bag("contract_end").append(
                f"contract_end: {effective_end.isoformat()} is before as_of {self.as_of.isoformat()}: "
                "the contract has ended."
            )

    def products(self, value: Any) -> dict[str, ProductFact]:
        errors = self.bag("products")
        if not isinstance(value, Mapping):
            errors.append("products: must be an object of product key to its facts.")
            return {}
        out: dict[str, ProductFact] = {}
        for key, item in value.items():
            where = f"products.{key}"
            if key not in self.product_keys:
                errors.append(f"{where}: not a product key.")
                continue
            entry = _object(item, where, ("spend_last_month", "active", "activated_at"), errors)
            if entry is None:
                continue
            spend = _get(
                errors,
                _amount,
                entry.get("spend_last_month", "0.00"),
                f"{where}.spend_last_month",
                default=ZERO,
            )
            active = _get(errors, _flag, entry.get("active", True), f"{where}.active", default=True)
            activated = self.fact_date("products", f"{where}.activated_at", entry.get("activated_at"))
            out[key] = ProductFact(spend_last_month=spend, active=active, activated_at=activated)
        return out

    def members(self, value: Any) -> tuple[MemberGroup, ...]:
        errors = self.bag("members")
        out = []
        for i, item in enumerate(_list(value, "members", errors)):
            where = f"members[{i}]"
            entry = _object(item, where, ("families", "active", "count"), errors)
            if entry is None:
                continue
            families = []
            for j, family in enumerate(_list(entry.get("families", ["other"]), f"{where}.families", errors)):
                parsed = _get(errors, _choice, family, FAMILIES, f"{where}.families[{j}]", "role family")
                if parsed is not None:
                    families.append(parsed)
            active = _get(errors, _flag, entry.get("active", True), f"{where}.active", default=True)
            count = _get(errors, _count, entry.get("count", 1), f"{where}.count", default=0)
            out.append(MemberGroup(tuple(dict.fromkeys(families)), active, count))
        return tuple(out)

    def incidents(self, value: Any) -> tuple[str | None, ...]:
        errors = self.bag("open_incidents")
        out = []
        for i, item in enumerate(_list(value, "open_incidents", errors)):
            entry = _object(item, f"open_incidents[{i}]", ("id",), errors)
            if entry is not None:
                out.append(_id(entry.get("id"), f"open_incidents[{i}].id", errors))
        return tuple(out)

    def tickets(self, value: Any) -> tuple[Ticket, ...]:
        errors = self.bag("open_tickets")
        out = []
        for i, item in enumerate(_list(value, "open_tickets", errors)):
            where = f"open_tickets[{i}]"
            entry = _object(item, where, ("id", "priority"), errors)
            if entry is None:
                continue
            priority = _get(
                errors,
                _choice,
                entry.get("priority", "normal"),
                TICKET_PRIORITIES,
                f"{where}.priority",
                "ticket priority",
            )
            out.append(Ticket(_id(entry.get("id"), f"{where}.id", errors), priority or "normal"))
        return tuple(out)

    def champions(self, value: Any) -> tuple[Champion, ...]:
        errors = self.bag("champions")
        out = []
        for i, item in enumerate(_list(value, "champions", errors)):
            where = f"champions[{i}]"
            entry = _object(item, where, ("name", "status", "status_changed_on"), errors)
            if entry is None:
                continue
            name = entry.get("name")
            if name is not None:
                name = _get(errors, _string, name, f"{where}.name")
            status = _get(
                errors,
                _choice,
                entry.get("status", "active"),
                CHAMPION_STATUSES,
                f"{where}.status",
                "champion status",
            )
            changed = self.fact_date(
                "champions", f"{where}.status_changed_on", entry.get("status_changed_on")
            )
            out.append(Champion(name, status or "active", changed))
        return tuple(out)

    def events(self, value: Any) -> tuple[SignalEvent, ...]:
        errors = self.bag("events")
        out = []
        for i, item in enumerate(_list(value, "events", errors)):
            where = f"events[{i}]"
            entry = _object(item, where, ("type", "occurred_on", "product", "cleared"), errors)
            if entry is None:
                continue
            kind = _get(errors, _choice, entry.get("type"), SIGNAL_EVENT_TYPES, f"{where}.type", "event type")
            occurred = (
                self.fact_date("events", f"{where}.occurred_on", entry.get("occurred_on"))
                if entry.get("occurred_on") is not None
                else self.as_of
            )
            product = entry.get("product")
            if product is not None and product not in self.product_keys:
                errors.append(f"{where}.product: {product!r} is not a product key.")
                product = None
            cleared = _get(errors, _flag, entry.get("cleared", False), f"{where}.cleared", default=False)
            if kind is not None and occurred is not None:
                out.append(SignalEvent(kind, occurred, product, cleared))
        return tuple(out)

def parse_request(data: Any, *, product_keys: frozenset[str], today: date) -> AccountFactsInput:
    """The request as the engine's facts, or PreviewRequestError with every bad field."""
    if not isinstance(data, Mapping):
        raise PreviewRequestError({"non_field_errors": ["The request body must be a JSON object."]})
    return _Parser(data, product_keys, today).parse()
