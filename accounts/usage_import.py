"""Ingest of the usage feed (revops.md I-1 kind `account_daily_metrics`, health.md §1.1).

The import framework (revops' ImportRun, the API and the CSV page) validates permissions, reads
the file and records the run; this module turns rows into AccountDailyMetrics. Rows are dicts of
raw values: typed from JSON, all strings from CSV (an empty string = missing).

Row fields: `account` (the account's posthog_organization_id), `date` (ISO), every other
AccountDailyMetrics field by its name (missing counters are 0, a missing flag is false, a missing
`source` is `api`), and `product_usage` either as a JSON object (or JSON text) or as flattened
columns `product_usage.<product_key>.<counter>`. `imported_at` is set here.

A row with any bad field is reported (row number, field, message) and skipped whole; good rows
of the batch are written together, upserted on (account, date): a re-import replaces the whole
row (health.md D-20), so the same rows twice give the same data.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from .engine.usage import product_usage_problems
from .models import Account, AccountDailyMetrics, MetricsSource

INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
COUNTER_LIMITS = {
    "event_count": BIGINT_MAX,
    "active_users_30d": INT_MAX,
    "billing_page_views": INT_MAX,
    "insight_dashboard_views": INT_MAX,
    "logins": INT_MAX,
}
FLAG_FIELDS = ("warehouse_export_active",)
SYSTEM_FIELDS = {"imported_at": "set by the import, not imported."}
FLAT_PREFIX = "product_usage."
WRITE_BATCH = 500
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class IngestResult:
    rows_ok: int
    errors: list[RowError]


class _Bad(ValueError):
    pass


def _missing(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _count(raw: object, limit: int = BIGINT_MAX) -> int:
    if isinstance(raw, bool):
        raise _Bad("must be a whole number.")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        raise _Bad(f"must be a whole number, not {raw!r}.")
    if value < 0:
        raise _Bad("must not be negative.")
    if value > limit:
        raise _Bad(f"must be at most {limit}.")
    return value


def _flag(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        text = raw.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _Bad(f"must be true or false, not {raw!r}.")


def _day(raw: object, today: date) -> date:
    if isinstance(raw, date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = date.fromisoformat(raw.strip())
        except ValueError:
            raise _Bad(f"must be an ISO date (YYYY-MM-DD), not {raw!r}.") from None
    else:
        raise _Bad(f"must be an ISO date (YYYY-MM-DD), not {raw!r}.")
    if value > today:
        raise _Bad(f"{value.isoformat()} is in the future.")
    return value


def _source(raw: object) -> str:
    if raw not in MetricsSource.values:
        raise _Bad(f"must be one of {', '.join(MetricsSource.values)}, not {raw!r}.")
    return str(raw)


def _product_usage_object(raw: object) -> object:
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _Bad(f"not valid JSON ({exc.msg}).") from None
    return raw


class _RowParser:
    """Validates one row field by field, collecting every problem instead of stopping at one."""

    def __init__(self, number: int, known_keys: frozenset[str], accounts: Mapping[str, int],
                 today: date):
        self.number = number
        self.known_keys = known_keys
        self.accounts = accounts
        self.today = today
        self.errors: list[RowError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(RowError(self.number, field, message))

    def parse(self, row: Mapping[str, object]) -> dict | None:
        values: dict = {}
        flat: dict[str, object] = {}
        for field, raw in row.items():
            if not isinstance(field, str):
                self.fail(str(field), "unknown field.")
            elif field.startswith(FLAT_PREFIX):
                flat[field] = raw
            elif field in SYSTEM_FIELDS:
                self.fail(field, SYSTEM_FIELDS[field])
            elif field not in {"account", "date", "product_usage", "source",
                               *COUNTER_LIMITS, *FLAG_FIELDS}:
                self.fail(field, "unknown field.")
        values["account_id"] = self._account(row.get("account"))
        values["date"] = self._required("date", row.get("date"), lambda v: _day(v, self.today))
        for field, limit in COUNTER_LIMITS.items():
            values[field] = self._optional(field, row.get(field), lambda v, n=limit: _count(v, n), 0)
        for field in FLAG_FIELDS:
            values[field] = self._optional(field, row.get(field), _flag, False)
        values["source"] = self._optional("source", row.get("source"), _source, MetricsSource.API)
        values["product_usage"] = self._product_usage(row.get("product_usage"), flat)
        return None if self.errors else values

    def _required(self, field: str, raw: object, parse):
        if _missing(raw):
            self.fail(field, "required.")
            return None
        return self._optional(field, raw, parse, None)

    def _optional(self, field: str, raw: object, parse, default):
        if _missing(raw):
            return default
        try:
            return parse(raw)
        except _Bad as exc:
            self.fail(field, str(exc))
            return default

    def _account(self, raw: object) -> int | None:
        if _missing(raw):
            self.fail("account", "required (the account's posthog_organization_id).")
            return None
        key = str(raw).strip()
        if key not in self.accounts:
            self.fail("account", f"no account with posthog_organization_id {key!r}.")
            return None
        return self.accounts[key]

    def _product_usage(self, raw: object, flat: Mapping[str, object]) -> dict:
        usage: dict = {}
        if not _missing(raw):
            try:
                value = _product_usage_object(raw)
            except _Bad as exc:
                self.fail("product_usage", str(exc))
                return {}
            if not isinstance(value, Mapping):
                self.fail("product_usage", "must be an object of product key → counters.")
                return {}
            for key, counters in value.items():
                usage[key] = self._counters(f"{FLAT_PREFIX}{key}", counters)
        for field, raw_count in flat.items():
            parts = field.split(".")
            if len(parts) != 3 or not parts[1] or not parts[2]:
                self.fail(field, "flattened columns are product_usage.<product_key>.<counter>.")
                continue
            if _missing(raw_count):
                continue
            _, key, name = parts
            counters = usage.setdefault(key, {})
            if not isinstance(counters, dict):
                continue  # already reported as a malformed product entry
            try:
                count = _count(raw_count)
            except _Bad as exc:
                self.fail(field, str(exc))
                continue
            if name in counters and counters[name] != count:
                self.fail(field, "given twice with different values.")
            counters[name] = count
        for field, message in product_usage_problems(usage, self.known_keys):
            self.fail(field, message)
        return {key: counters for key, counters in usage.items() if counters}

    def _counters(self, where: str, counters: object) -> object:
        if not isinstance(counters, Mapping):
            return counters  # product_usage_problems names the malformed entry
        parsed = {}
        for name, raw in counters.items():
            if _missing(raw):
                continue
            try:
                parsed[name] = _count(raw)
            except _Bad as exc:
                self.fail(f"{where}.{name}", str(exc))
        return parsed


def account_daily_metrics_ingest(
    *, rows: list[dict], first_row_number: int = 1, acting_user
) -> IngestResult:
    """Validate and upsert a batch of usage rows; rows are numbered from `first_row_number`.

    `acting_user` is the importing RevOps admin; the caller checks the permission and records
    the ImportRun. A fixed number of queries per batch: the catalogue, the accounts, the writes.
    """
    from billing import selectors as billing_selectors  # billing sits right of accounts

    known_keys = billing_selectors.product_keys()
    wanted = {
        str(row["account"]).strip()
        for row in rows
        if isinstance(row, Mapping) and not _missing(row.get("account"))
    }
    accounts = dict(
        Account.objects.filter(posthog_organization_id__in=wanted).values_list(
            "posthog_organization_id", "pk"
        )
    )
    today = timezone.now().date()
    errors: list[RowError] = []
    good: dict[tuple[int, date], dict] = {}
    rows_ok = 0
    for offset, row in enumerate(rows):
        number = first_row_number + offset
        if not isinstance(row, Mapping):
            errors.append(RowError(number, "row", "must be an object of field → value."))
            continue
        parser = _RowParser(number, known_keys, accounts, today)
        values = parser.parse(row)
        if values is None:
            errors.extend(parser.errors)
            continue
        rows_ok += 1
        good[(values["account_id"], values["date"])] = values  # last row of a day wins (D-20)
    _upsert(good.values(), imported_at=timezone.now())
    return IngestResult(rows_ok=rows_ok, errors=errors)


def _upsert(rows, *, imported_at) -> None:
    objects = [AccountDailyMetrics(imported_at=imported_at, **values) for values in rows]
    if not objects:
        return
    replaced = [
        f.name
        for f in AccountDailyMetrics._meta.concrete_fields
        if f.name not in {"id", "account", "date"}
    ]
    with transaction.atomic():
        AccountDailyMetrics.objects.bulk_create(
            objects,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["account", "date"],
            update_fields=replaced,
        )
