"""The value parsers of `POST /api/v1/crosssell/preview` (contracts.md): each names where a
bad value sits; `parse_usage` reads the `usage` object, exactly its thirteen keys."""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from config.preview_fields import AMOUNT, Bad
from config.preview_fields import parse_flag as _flag

from .engine import FAMILIES
from .engine.facts import DESTINATIONS, EXPORT_TABLES, REALTIME_TYPES, BatchExport, Usage

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



class PreviewRequestError(ValueError):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("invalid preview request")
        self.errors = errors





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


def parse_usage(value: Any, errors: list[str]) -> Usage:
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
