"""`POST /api/v1/health/preview` (contracts.md): request → HealthFacts → engine → response.

Parsing follows the contract's decisions 19 and 20 exactly: counts are JSON integers, flags
JSON booleans, dates exactly YYYY-MM-DD, `arr` a decimal string; null only where allowed; every
unknown key is an error; a bad value inside an entry is reported under its top-level field.
Every bad field is named, not only the first.
"""

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from accounts.models import ContactRole, ContactStatus, NoteDirection, NoteTag, RecommendationStatus
from config.preview_fields import Bad
from config.preview_fields import parse_date as _date
from config.preview_fields import parse_flag as _flag

from .engine import (
    BANDS,
    COMPONENT_KEYS,
    ContactFact,
    HealthConfig,
    HealthFacts,
    HealthResult,
    NoteFact,
    RecommendationFact,
    SeasonalFact,
    SharedChannelFact,
    evaluate,
)

ARR = re.compile(r"[0-9]+(\.[0-9]{1,2})?", re.ASCII)
MAX_ITEMS = 5000
MAX_PAYG_ATTEMPTS = 4
COUNT_FIELDS = ("active_users_30d", "billing_page_views_7d", "insight_dashboard_views_30d")
FLAG_FIELDS = ("warehouse_export_active", "payment_late")
TOP_LEVEL = frozenset(
    {
        "as_of",
        "event_counts",
        *COUNT_FIELDS,
        "products_used_30d",
        "warehouse_export_active",
        "warehouse_only_export_since",
        "seasonal_explanations",
        "customer_recommendations",
        "shared_channel",
        "contacts",
        "notes",
        "support_tickets",
        "arr",
        "renewal_date",
        "payment_late",
        "payg_failed_attempts",
        "dunning_outreach_on",
        "previous_final_bands",
    }
)




def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Bad(f"{where}: must be a whole number (a JSON integer).")
    if value < 0:
        raise Bad(f"{where}: must not be negative.")
    return value



def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise Bad(f"{where}: must be a list.")
    if len(value) > MAX_ITEMS:
        raise Bad(f"{where}: at most {MAX_ITEMS} entries.")
    return value


def _object(value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Mapping:
    if not isinstance(value, Mapping):
        raise Bad(f"{where}: must be an object.")
    missing = [key for key in required if key not in value]
    unknown = sorted(set(value) - set(required) - set(optional))
    problems = [f"{where}.{key}: required." for key in missing] + [
        f"{where}.{key}: unknown key." for key in unknown
    ]
    if problems:
        raise Bad(" ".join(problems))
    return value


def _choice(value: Any, where: str, allowed: frozenset[str], what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise Bad(f"{where}: unknown {what} {value!r}.")
    return value


class PreviewRequest:
    """Parses one request body; `errors` maps each bad top-level field to its messages."""

    def __init__(
        self, body: Any, *, product_keys: frozenset[str], counted_products: frozenset[str], today: date
    ):
        self.errors: dict[str, list[str]] = {}
        self.product_keys = product_keys
        self.counted_products = counted_products
        if not isinstance(body, Mapping):
            self.errors["non_field_errors"] = ["The body must be a JSON object."]
            self.body: Mapping = {}
        else:
            self.body = body
        for key in sorted(set(self.body) - TOP_LEVEL):
            self.errors[key] = ["Unknown field."]
        self.as_of: date | None = today
        if "as_of" in self.body:
            self.as_of = self._field("as_of", lambda v: _date(v, "as_of"))
        self.facts: HealthFacts | None = self._facts()

    def _field(self, key: str, parse: Callable[[Any], Any], default: Any = None) -> Any:
        if key not in self.body:
            return default
        try:
            return parse(self.body[key])
        except Bad as error:
            self.errors.setdefault(key, []).append(str(error))
            return default

    def _not_after(self, day: date | None, where: str) -> None:
        if day is not None and self.as_of is not None and day > self.as_of:
            raise Bad(f"{where}: {day.isoformat()} is after as_of {self.as_of.isoformat()}.")

    def _optional_date(self, value: Any, where: str, *, past: bool) -> date | None:
        if value is None:
            return None
        day = _date(value, where)
        if past:
            self._not_after(day, where)
        return day

    def _entries(self, key: str, parse_one: Callable[[Any, str], Any]) -> tuple:
        """A list field: every bad entry is reported (under `key`), good ones kept."""
        if key not in self.body:
            return ()
        try:
            items = _list(self.body[key], key)
        except Bad as error:
            self.errors.setdefault(key, []).append(str(error))
            return ()
        parsed = []
        for index, item in enumerate(items):
            try:
                parsed.append(parse_one(item, f"{key}[{index}]"))
            except Bad as error:
                self.errors.setdefault(key, []).append(str(error))
        return tuple(parsed)

    # --- fields ---------------------------------------------------------------------------

    def _event_counts(self, value: Any) -> dict[date, int]:
        if not isinstance(value, Mapping):
            raise Bad("event_counts: must be an object of date → count.")
        counts, problems = {}, []
        for raw_day, raw_count in value.items():
            try:
                day = _date(raw_day, f"event_counts[{raw_day!r}]")
                self._not_after(day, f"event_counts[{raw_day}]")
                counts[day] = _count(raw_count, f"event_counts[{raw_day}]")
            except Bad as error:
                problems.append(str(error))
        if problems:
            raise Bad(" ".join(problems))
        return counts

    def _products(self, value: Any) -> frozenset[str]:
        items = _list(value, "products_used_30d")
        unknown = [item for item in items if not isinstance(item, str) or item not in self.product_keys]
        if unknown:
            raise Bad(f"products_used_30d: unknown product key(s) {', '.join(map(repr, unknown))}.")
        return frozenset(item for item in items if item in self.counted_products)  # decision 7

    def _seasonal(self, item: Any, where: str) -> SeasonalFact:
        entry = _object(item, where, ("starts_on", "ends_on"), ("reason",))
        starts = _date(entry["starts_on"], f"{where}.starts_on")
        ends = _date(entry["ends_on"], f"{where}.ends_on")
        reason = entry.get("reason", "")
        if not isinstance(reason, str):
            raise Bad(f"{where}.reason: must be text.")
        if ends < starts:
            raise Bad(f"{where}.ends_on: before starts_on.")
        return SeasonalFact(starts, ends, reason)

    def _recommendation(self, item: Any, where: str) -> RecommendationFact:
        entry = _object(item, where, ("given_on", "status"))
        given = _date(entry["given_on"], f"{where}.given_on")
        self._not_after(given, f"{where}.given_on")
        status = _choice(
            entry["status"],
            f"{where}.status",
            frozenset(RecommendationStatus.values),
            "recommendation status",
        )
        return RecommendationFact(given, status)

    def _channel(self, value: Any) -> SharedChannelFact | None:
        if value is None:
            return None
        entry = _object(value, "shared_channel", ("created_on", "last_customer_message_on"))
        created = _date(entry["created_on"], "shared_channel.created_on")
        self._not_after(created, "shared_channel.created_on")
        message = self._optional_date(
            entry["last_customer_message_on"], "shared_channel.last_customer_message_on", past=True
        )
        if message is not None and message < created:
            raise Bad("shared_channel.last_customer_message_on: before created_on.")
        return SharedChannelFact(created, message)

    def _contacts(self, value: Any) -> dict[str, ContactFact]:
        if not isinstance(value, Mapping):
            raise Bad("contacts: must be an object of id → contact.")
        contacts, problems = {}, []
        for key, item in value.items():
            where = f"contacts[{key!r}]"
            try:
                entry = _object(item, where, ("roles", "status"))
                roles = _list(entry["roles"], f"{where}.roles")
                for role in roles:
                    _choice(role, f"{where}.roles", frozenset(ContactRole.values), "role")
                status = _choice(
                    entry["status"], f"{where}.status", frozenset(ContactStatus.values), "contact status"
                )
                contacts[str(key)] = ContactFact(frozenset(roles), status)
            except Bad as error:
                problems.append(str(error))
        if problems:
            raise Bad(" ".join(problems))
        return contacts

    def _note(self, item: Any, where: str, contact_ids: frozenset[str] | None) -> NoteFact:
        entry = _object(item, where, ("occurred_on", "direction"), ("tags", "contacts"))
        occurred = _date(entry["occurred_on"], f"{where}.occurred_on")
        self._not_after(occurred, f"{where}.occurred_on")
        direction = _choice(
            entry["direction"], f"{where}.direction", frozenset(NoteDirection.values), "note direction"
        )
        tags = _list(entry.get("tags", []), f"{where}.tags")
        for tag in tags:
            _choice(tag, f"{where}.tags", frozenset(NoteTag.values), "tag")
        linked = _list(entry.get("contacts", []), f"{where}.contacts")
        for contact in linked:
            if not isinstance(contact, str) or (contact_ids is not None and contact not in contact_ids):
                raise Bad(f"{where}.contacts: {contact!r} is not a key of contacts.")
        return NoteFact(occurred, direction, frozenset(tags), tuple(linked))

    def _ticket(self, item: Any, where: str) -> date:
        entry = _object(item, where, ("opened_on",))
        opened = _date(entry["opened_on"], f"{where}.opened_on")
        self._not_after(opened, f"{where}.opened_on")
        return opened

    def _arr(self, value: Any) -> Decimal:
        if not isinstance(value, str) or not ARR.fullmatch(value):
            raise Bad('arr: must be a decimal string ≥ 0 with at most two places, e.g. "48000.00".')
        return Decimal(value)

    def _attempts(self, value: Any) -> int:
        attempts = _count(value, "payg_failed_attempts")
        if attempts > MAX_PAYG_ATTEMPTS:
            raise Bad(f"payg_failed_attempts: at most {MAX_PAYG_ATTEMPTS} (B-35).")
        return attempts

    def _band(self, item: Any, where: str) -> str:
        return _choice(item, where, frozenset(BANDS), "band")

    def _facts(self) -> HealthFacts | None:
        field = self._field
        counts = {key: field(key, partial(_count, where=key), 0) for key in COUNT_FIELDS}
        flags = {key: field(key, partial(_flag, where=key), False) for key in FLAG_FIELDS}
        contacts = field("contacts", self._contacts, {})
        contact_ids = frozenset(contacts) if "contacts" not in self.errors else None
        facts = dict(
            event_counts=field("event_counts", self._event_counts, {}),
            products_used_30d=field("products_used_30d", self._products, frozenset()),
            warehouse_only_export_since=field(
                "warehouse_only_export_since",
                lambda v: self._optional_date(v, "warehouse_only_export_since", past=True),
            ),
            seasonal_explanations=self._entries("seasonal_explanations", self._seasonal),
            customer_recommendations=self._entries("customer_recommendations", self._recommendation),
            shared_channel=field("shared_channel", self._channel),
            contacts=contacts,
            notes=self._entries("notes", lambda item, where: self._note(item, where, contact_ids)),
            ticket_opened_on=self._entries("support_tickets", self._ticket),
            arr=field("arr", self._arr, Decimal("0.00")),
            renewal_date=field("renewal_date", lambda v: self._optional_date(v, "renewal_date", past=False)),
            payg_failed_attempts=field("payg_failed_attempts", self._attempts, 0),
            dunning_outreach_on=field(
                "dunning_outreach_on", lambda v: self._optional_date(v, "dunning_outreach_on", past=True)
            ),
            previous_final_bands=self._entries("previous_final_bands", self._band),
        )
        if self.errors or self.as_of is None:
            return None
        return HealthFacts(
            as_of=self.as_of,
            active_users_30d=counts["active_users_30d"],
            billing_page_views_7d=counts["billing_page_views_7d"],
            insight_dashboard_views_30d=counts["insight_dashboard_views_30d"],
            warehouse_export_active=flags["warehouse_export_active"],
            payment_late=flags["payment_late"],
            **facts,
        )


def response_body(result: HealthResult) -> dict[str, Any]:
    """The contract's response: components keyed (decision 15), lists as sets but top_losses."""
    components = {}
    for component in result.components:
        components[component.key] = {
            "label": component.label,
            "points": component.points,
            "max": component.max,
            "rule": component.rule,
            "inputs": dict(component.inputs),
            "explanation": component.explanation,
        }
    assert tuple(components) == COMPONENT_KEYS
    return {
        "as_of": result.as_of.isoformat(),
        "week_start": result.week_start.isoformat(),
        "model_version": result.model_version,
        "score": result.score,
        "band": result.band,
        "components": components,
        "top_losses": list(result.top_losses),
        "signals": list(result.open_signals),
        "churn_reasons": list(result.holding_reasons),
    }


def run_preview(request: PreviewRequest, config: HealthConfig) -> dict[str, Any]:
    assert request.facts is not None
    return response_body(evaluate(request.facts, config))
