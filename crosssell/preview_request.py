"""Parsing `POST /api/v1/crosssell/preview`'s request into the engine's facts, exactly as
contracts.md fixes it: every field optional with its default, and a 400 naming each bad
top-level field with a list of messages (unknown keys included)."""

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .engine import FAMILIES
from .engine.facts import (
    BUSINESS_MODELS,
    CHAMPION_STATUSES,
    DESTINATIONS,
    EXPORT_TABLES,
    IMPLEMENTATION_ITEMS,
    REALTIME_TYPES,
    SIGNAL_EVENT_TYPES,
    TICKET_PRIORITIES,
    ZERO,
    AccountFactsInput,
    BatchExport,
    Champion,
    MemberGroup,
    ProductFact,
    SignalEvent,
    Ticket,
    Usage,
)
from .engine.timing import default_contract_end

AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?", re.ASCII)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
MAX_ITEMS = 1000

TOP_LEVEL = (
    "as_of",
    "products",
    "members",
    "business_model",
    "employee_count",
    "company_tags",
    "billing_type",
    "contract_start",
    "contract_end",
    "paid_start",
    "replay_prohibited",
    "open_incidents",
    "open_tickets",
    "open_implementation_items",
    "champions",
    "events",
    "usage",
)
USAGE_COUNTERS = (
    "recordings_analysed_30d",
    "active_flags",
    "flags_created_90d",
    "experiment_page_views_90d",
    "web_analytics_page_views_90d",
    "eval_runs_30d",
    "group_count",
)
USAGE_KEYS = (
    *USAGE_COUNTERS,
    "flags_created_by_family_90d",
    "group_analytics_plan",
    "events_weekly",
    "custom_event_names",
    "batch_exports",
    "realtime_destinations",
)


class Bad(ValueError):
    pass


class PreviewRequestError(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("invalid preview request")
        self.errors = errors


def _date(value: Any, where: str) -> date:
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Bad(f"{where}: must be a date written YYYY-MM-DD.")


def _optional_date(value: Any, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"{where}: must be true or false.")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Bad(f"{where}: must be a whole number ≥ 0.")
    return value


def _amount(value: Any, where: str) -> Decimal:
    if not isinstance(value, str) or not AMOUNT.fullmatch(value):
        raise Bad(
            f'{where}: must be a JSON string holding an amount ≥ 0 with at most two decimals, e.g. "1200.00".'
        )
    return Decimal(value).quantize(Decimal("0.01"))


def _choice(value: Any, allowed, where: str, what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise Bad(f"{where}: {value!r} is not a known {what} (one of {', '.join(sorted(allowed))}).")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise Bad(f"{where}: must be a string.")
    return value


def _object(value: Any, where: str, allowed: tuple[str, ...], errors: list[str]) -> Mapping | None:
    if not isinstance(value, Mapping):
        errors.append(f"{where}: must be an object.")
        return None
    for key in value:
        if key not in allowed:
            errors.append(f"{where}.{key}: unknown key (allowed: {', '.join(allowed)}).")
    return value


def _list(value: Any, where: str, errors: list[str]) -> list:
    if not isinstance(value, list):
        errors.append(f"{where}: must be a list.")
        return []
    if len(value) > MAX_ITEMS:
        errors.append(f"{where}: at most {MAX_ITEMS} items.")
        return []
    return value


def _get(errors: list[str], parse: Callable, *args, default=None):
    try:
        return parse(*args)
    except Bad as exc:
        errors.append(str(exc))
        return default


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
        usage = self.usage(data.get("usage", {}))
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

    def usage(self, value: Any) -> Usage:
        errors = self.bag("usage")
        entry = _object(value, "usage", USAGE_KEYS, errors)
        if entry is None:
            return Usage()
        counters = {
            key: _get(errors, _count, entry.get(key, 0), f"usage.{key}", default=0) for key in USAGE_COUNTERS
        }
        by_family: dict[str, int] = {}
        raw = entry.get("flags_created_by_family_90d", {})
        if not isinstance(raw, Mapping):
            errors.append("usage.flags_created_by_family_90d: must be an object of role family to count.")
        else:
            for family, count in raw.items():
                where = f"usage.flags_created_by_family_90d.{family}"
                if family not in FAMILIES:
                    errors.append(f"{where}: not a role family.")
                    continue
                parsed = _get(errors, _count, count, where)
                if parsed is None:
                    continue
                if parsed > counters["flags_created_90d"]:
                    errors.append(
                        f"{where}: {parsed} is above flags_created_90d ({counters['flags_created_90d']})."
                    )
                by_family[family] = parsed
        plan = entry.get("group_analytics_plan")
        if plan is not None:
            plan = _get(errors, _string, plan, "usage.group_analytics_plan")
        weekly = tuple(
            v
            for i, item in enumerate(_list(entry.get("events_weekly", []), "usage.events_weekly", errors))
            if (v := _get(errors, _count, item, f"usage.events_weekly[{i}]")) is not None
        )
        names = tuple(
            v
            for i, item in enumerate(
                _list(entry.get("custom_event_names", []), "usage.custom_event_names", errors)
            )
            if (v := _get(errors, _string, item, f"usage.custom_event_names[{i}]")) is not None
        )
        exports = []
        for i, item in enumerate(_list(entry.get("batch_exports", []), "usage.batch_exports", errors)):
            where = f"usage.batch_exports[{i}]"
            export = _object(item, where, ("destination", "table", "running"), errors)
            if export is None:
                continue
            destination = _get(
                errors,
                _choice,
                export.get("destination", "other"),
                DESTINATIONS,
                f"{where}.destination",
                "destination",
            )
            table = _get(
                errors, _choice, export.get("table", "events"), EXPORT_TABLES, f"{where}.table", "table"
            )
            running = _get(errors, _flag, export.get("running", True), f"{where}.running")
            if None not in (destination, table, running):
                exports.append(BatchExport(destination, table, running))
        realtime = []
        for i, item in enumerate(
            _list(entry.get("realtime_destinations", []), "usage.realtime_destinations", errors)
        ):
            where = f"usage.realtime_destinations[{i}]"
            destination = _object(item, where, ("type",), errors)
            if destination is None:
                continue
            kind = _get(
                errors,
                _choice,
                destination.get("type", "other"),
                REALTIME_TYPES,
                f"{where}.type",
                "realtime destination type",
            )
            if kind is not None:
                realtime.append(kind)
        return Usage(
            **counters,
            flags_created_by_family_90d=by_family,
            group_analytics_plan=plan,
            events_weekly=weekly,
            custom_event_names=names,
            batch_exports=tuple(exports),
            realtime_destinations=tuple(realtime),
        )


def _id(value: Any, where: str, errors: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        errors.append(f"{where}: must be a string or a number.")
        return None
    return str(value)


def parse_request(data: Any, *, product_keys: frozenset[str], today: date) -> AccountFactsInput:
    """The request as the engine's facts, or PreviewRequestError with every bad field."""
    if not isinstance(data, Mapping):
        raise PreviewRequestError({"non_field_errors": ["The request body must be a JSON object."]})
    return _Parser(data, product_keys, today).parse()
