"""Reads for health: the model in force, the engine's inputs set-wise, scores and signals.

`load_facts` builds `HealthFacts` for any number of accounts in a fixed number of queries (the
pipeline asserts it): usage from AccountDailyMetrics (and `accounts.selectors.products_used_30d`),
the account row, contacts, notes and their contacts, tickets, recommendations, seasonal
explanations, open signals, final weekly rows, and payment facts through `billing.selectors`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q

from accounts import selectors as account_selectors
from accounts.models import (
    Account,
    AccountDailyMetrics,
    Contact,
    CustomerRecommendation,
    HealthModel,
    HealthScore,
    Note,
    SeasonalExplanation,
    Signal,
    SupportTicket,
)

from .engine import (
    ContactFact,
    HealthConfig,
    HealthFacts,
    NoteFact,
    RecommendationFact,
    SeasonalFact,
    SharedChannelFact,
)

# The page reads (panel, API, My book) live in `snapshots`; readers find them here as well.
from .snapshots import (  # noqa: F401
    HISTORY_WEEKS_SHOWN,
    account_open_signals,
    account_scores,
    account_snapshot,
    biggest_drops,
    book_columns,
    component_deltas,
    monday_of,
    previous_final,
)

HISTORY_DAYS = 120  # D-5: last30 + three baseline windows (as_of-119 … as_of)
TICKET_DAYS = 91  # S-7: the last 7 days and the 84 before (as_of-90 … as_of)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# --- the model in force ----------------------------------------------------------------------


def active_model() -> HealthModel | None:
    return HealthModel.objects.order_by("-version").first()


def config_from(model: HealthModel | None) -> HealthConfig:
    if model is None:
        return HealthConfig()  # a fresh install: version 1, health.md's defaults
    return HealthConfig.from_json(
        version=model.version, components=model.components, thresholds=model.thresholds
    )


def active_config() -> HealthConfig:
    """The HealthModel version in force with its thresholds (one query)."""
    return config_from(active_model())


# --- scope -----------------------------------------------------------------------------------


def scope_account_ids() -> list[int]:
    """§1.3 scope: arr > 0 or an owner. (Active Trial joins when trials exist: crosssell.)"""
    return list(
        Account.objects.filter(Q(arr__gt=0) | Q(owner__isnull=False))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def chunked(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# --- the engine's inputs ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Usage:
    events: dict[date, int]
    billing_7d: int
    views_30d: int
    active_users: int
    warehouse: bool


def _usage(ids: list[int], as_of: date, config: HealthConfig) -> dict[int, _Usage]:
    start = as_of - timedelta(days=HISTORY_DAYS - 1)
    billing_start = as_of - timedelta(days=config.t("S-5.window_days") - 1)
    views_start = as_of - timedelta(days=config.t("S-9.window_days") - 1)
    found: dict[int, dict] = {}
    rows = (
        AccountDailyMetrics.objects.filter(account_id__in=ids, date__gte=start, date__lte=as_of)
        .order_by("account_id", "date")
        .values_list(
            "account_id",
            "date",
            "event_count",
            "billing_page_views",
            "insight_dashboard_views",
            "active_users_30d",
            "warehouse_export_active",
        )
    )
    for account_id, day, events, billing, views, users, warehouse in rows:
        entry = found.setdefault(
            account_id, {"events": {}, "billing": 0, "views": 0, "users": 0, "wh": False}
        )
        entry["events"][day] = events
        if day >= billing_start:
            entry["billing"] += billing
        if day >= views_start:
            entry["views"] += views
        entry["users"], entry["wh"] = users, warehouse  # rows come oldest first: the latest wins
    return {
        account_id: _Usage(e["events"], e["billing"], e["views"], e["users"], e["wh"])
        for account_id, e in found.items()
    }


def _older_rows(before: date) -> Exists:
    """Decision 2 needs the first metrics date only when it lies before the loaded window: then
    every baseline window starts after it, whatever the date. One EXISTS probe per account on
    the (account, date) index, however long the history."""
    return Exists(AccountDailyMetrics.objects.filter(account_id=OuterRef("pk"), date__lt=before))


def _previous_final_bands(ids: list[int], week_start: date, weeks: int) -> dict[int, tuple[str, ...]]:
    """Bands of the consecutive final weeks before `week_start`, most recent first (D-3)."""
    earliest = week_start - timedelta(days=7 * weeks)
    by_account: dict[int, dict[date, str]] = {}
    for account_id, week, band in HealthScore.objects.filter(
        account_id__in=ids, final=True, week_start__gte=earliest, week_start__lt=week_start
    ).values_list("account_id", "week_start", "band"):
        by_account.setdefault(account_id, {})[week] = band
    result = {}
    for account_id, weeks_found in by_account.items():
        bands = []
        week = week_start - timedelta(days=7)
        while week in weeks_found:  # a missing week ends the run of consecutive weeks
            bands.append(weeks_found[week])
            week -= timedelta(days=7)
        result[account_id] = tuple(bands)
    return result


def open_signals_for(ids: list[int]) -> dict[tuple[int, str], Signal]:
    return {
        (s.account_id, s.kind): s for s in Signal.objects.filter(account_id__in=ids, closed_at__isnull=True)
    }


def load_facts(
    account_ids: Iterable[int],
    as_of: date,
    config: HealthConfig,
    *,
    open_signals: Mapping[tuple[int, str], Signal] | None = None,
) -> dict[int, HealthFacts]:
    """Account id → the engine's facts as of `as_of`, in a fixed number of queries.

    `open_signals` (when the caller already holds them) gives warehouse_only_export's open date.
    """
    from billing import selectors as billing_selectors  # billing sits right of accounts

    ids = list(dict.fromkeys(account_ids))
    history_start = as_of - timedelta(days=HISTORY_DAYS - 1)
    accounts = {
        row[0]: row
        for row in Account.objects.filter(pk__in=ids)
        .annotate(older_rows=_older_rows(history_start))
        .values_list(
            "pk",
            "arr",
            "renewal_date",
            "credit_expires_at",
            "shared_channel_platform",
            "shared_channel_name",
            "last_customer_message_at",
            "created_at",
            "older_rows",
        )
    }
    usage = _usage(ids, as_of, config)
    products = account_selectors.products_used_30d(ids, as_of)
    seasonal: dict[int, list[SeasonalFact]] = {}
    for account_id, starts, ends, reason in SeasonalExplanation.objects.filter(
        account_id__in=ids, starts_on__lte=as_of, ends_on__gte=as_of
    ).values_list("account_id", "starts_on", "ends_on", "reason"):
        seasonal.setdefault(account_id, []).append(SeasonalFact(starts, ends, reason))
    recommendations: dict[int, list[RecommendationFact]] = {}
    for account_id, given_at in CustomerRecommendation.objects.filter(
        account_id__in=ids, status="open", given_at__lt=start_of(as_of + timedelta(days=1))
    ).values_list("account_id", "given_at"):
        recommendations.setdefault(account_id, []).append(
            RecommendationFact(given_at.astimezone(UTC).date(), "open")
        )
    contacts: dict[int, dict[str, ContactFact]] = {}
    for account_id, pk, roles, status in Contact.objects.filter(account_id__in=ids).values_list(
        "account_id", "pk", "roles", "status"
    ):
        contacts.setdefault(account_id, {})[str(pk)] = ContactFact(frozenset(roles or ()), status)
    payments = billing_selectors.late_payment_facts(ids, as_of)
    outreach = [p.dunning_outreach_on for p in payments.values() if p.dunning_outreach_on]
    note_days = max(config.t("S-5.context_days"), config.t("D-10.days"))
    notes_from = min([as_of - timedelta(days=note_days - 1), *outreach])
    note_window = Q(
        account_id__in=ids,
        occurred_at__gte=start_of(notes_from),
        occurred_at__lt=start_of(as_of + timedelta(days=1)),
    )
    note_contacts: dict[int, list[str]] = {}
    for note_id, contact_id in Note.contacts.through.objects.filter(
        note__in=Note.objects.filter(note_window).values("pk")
    ).values_list("note_id", "contact_id"):
        note_contacts.setdefault(note_id, []).append(str(contact_id))
    notes: dict[int, list[NoteFact]] = {}
    for pk, account_id, occurred_at, direction, tags in Note.objects.filter(note_window).values_list(
        "pk", "account_id", "occurred_at", "direction", "tags"
    ):
        notes.setdefault(account_id, []).append(
            NoteFact(
                occurred_at.astimezone(UTC).date(),
                direction,
                frozenset(tags or ()),
                tuple(note_contacts.get(pk, ())),
            )
        )
    tickets: dict[int, list[date]] = {}
    for account_id, opened_at in SupportTicket.objects.filter(
        account_id__in=ids,
        opened_at__gte=start_of(as_of - timedelta(days=TICKET_DAYS - 1)),
        opened_at__lt=start_of(as_of + timedelta(days=1)),
    ).values_list("account_id", "opened_at"):
        tickets.setdefault(account_id, []).append(opened_at.astimezone(UTC).date())
    if open_signals is None:
        open_signals = open_signals_for(ids)
    week_start = monday_of(as_of)
    weeks = config.t("CR-2.poor_weeks")
    bands = _previous_final_bands(ids, week_start, weeks)

    result = {}
    for account_id in ids:
        row = accounts.get(account_id)
        if row is None:
            continue
        _, arr, renewal, credit_expires, platform, channel_name, last_message, created_at, older = row
        use = usage.get(account_id)
        events = use.events if use else {}
        if older and events:
            # Only that a row precedes the 120 days matters (contracts.md request notes): a
            # zero-event day before them stands for the first row.
            events = {history_start - timedelta(days=1): 0, **events}
        channel = None
        if platform or channel_name:
            # Account has no channel creation date: its creation is the earliest the channel can be.
            message_on = last_message.astimezone(UTC).date() if last_message else None
            channel = SharedChannelFact(
                created_on=created_at.astimezone(UTC).date(),
                last_customer_message_on=message_on if message_on and message_on <= as_of else None,
            )
        warehouse = open_signals.get((account_id, "warehouse_only_export"))
        payment = payments.get(account_id)
        result[account_id] = HealthFacts(
            as_of=as_of,
            event_counts=events,
            active_users_30d=use.active_users if use else 0,
            products_used_30d=frozenset(products.get(account_id, frozenset())),
            billing_page_views_7d=use.billing_7d if use else 0,
            insight_dashboard_views_30d=use.views_30d if use else 0,
            warehouse_export_active=use.warehouse if use else False,
            warehouse_only_export_since=warehouse.opened_on
            if warehouse and warehouse.opened_on <= as_of
            else None,
            seasonal_explanations=tuple(seasonal.get(account_id, ())),
            customer_recommendations=tuple(recommendations.get(account_id, ())),
            shared_channel=channel,
            contacts=contacts.get(account_id, {}),
            notes=tuple(notes.get(account_id, ())),
            ticket_opened_on=tuple(tickets.get(account_id, ())),
            arr=arr,
            renewal_date=renewal or credit_expires,  # D-12: contract end, else credit_expires_at
            payment_late=bool(payment and payment.payment_late),
            payg_failed_attempts=payment.payg_failed_attempts if payment else 0,
            dunning_outreach_on=payment.dunning_outreach_on if payment else None,
            previous_final_bands=bands.get(account_id, ()),
        )
    return result

