"""The stored pipeline (health.md §4): signals, weekly scores and band alerts for a chunk.

Each chunk function loads its inputs with a fixed number of queries (selectors.load_facts),
runs the one engine function (`engine.evaluate`) and writes set-wise. Re-running with the same
inputs changes no row: signals open once per episode (at most one open per account and kind),
a score row is written only when its content changed, and final rows are never written again.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import (
    Account,
    HealthBandAlert,
    HealthScore,
    Notification,
    Role,
    Signal,
    SignalSource,
    TimelineEvent,
    TimelineEventType,
    User,
)

from . import selectors
from .engine import SIGNAL_LABELS, HealthConfig, HealthResult, evaluate

NO_DATA = "No data"
STALE_INPUTS = "health_stale_inputs"  # the Notification kind of D-4's RevOps alert

SCORE_FIELDS = (
    "as_of",
    "score",
    "band",
    "components",
    "top_losses",
    "signals",
    "churn_reasons",
    "model_version",
    "final",
)


@dataclass
class ChunkOutcome:
    accounts: int = 0
    opened: int = 0
    closed: int = 0
    written: int = 0
    finalised: int = 0
    alerts: int = 0
    stale_alerts: int = 0
    bands: dict[str, int] = field(default_factory=dict)

    def add(self, other: "ChunkOutcome") -> None:
        self.accounts += other.accounts
        self.opened += other.opened
        self.closed += other.closed
        self.written += other.written
        self.finalised += other.finalised
        self.alerts += other.alerts
        self.stale_alerts += other.stale_alerts
        for band, count in other.bands.items():
            self.bands[band] = self.bands.get(band, 0) + count


# --- compute_signals -------------------------------------------------------------------------


def signals_chunk(
    account_ids: Iterable[int], as_of: date, config: HealthConfig | None = None
) -> ChunkOutcome:
    """S-10: open and close each system signal purely from the rule; each open/close writes a
    TimelineEvent. A kind the engine did not evaluate (stale inputs) keeps its state; a manual
    signal is left to the person who opened it."""
    ids = list(dict.fromkeys(account_ids))
    config = config or selectors.active_config()
    now = timezone.now()
    with transaction.atomic():
        open_now = selectors.open_signals_for(ids)
        facts = selectors.load_facts(ids, as_of, config, open_signals=open_now)
        to_open: list[Signal] = []
        to_close: list[Signal] = []
        for account_id, account_facts in facts.items():
            result = evaluate(account_facts, config)
            for signal in result.signals:
                existing = open_now.get((account_id, signal.kind))
                if signal.open is None:
                    continue
                if signal.open and existing is None:
                    to_open.append(
                        Signal(
                            account_id=account_id,
                            kind=signal.kind,
                            rule_id=signal.rule_id,
                            opened_on=as_of,
                            opened_at=now,
                            evidence=dict(signal.evidence),
                            source=SignalSource.SYSTEM,
                        )
                    )
                elif not signal.open and existing is not None and existing.source == SignalSource.SYSTEM:
                    if existing.opened_on > as_of:
                        continue  # a rerun for an earlier day never closes a later episode
                    existing.closed_on, existing.closed_at = as_of, now
                    existing.close_evidence = dict(signal.evidence)
                    to_close.append(existing)
        created = Signal.objects.bulk_create(to_open)
        if to_close:
            Signal.objects.bulk_update(to_close, ["closed_on", "closed_at", "close_evidence"])
        events = [_signal_event(s, TimelineEventType.SIGNAL_OPENED, now) for s in created]
        events += [_signal_event(s, TimelineEventType.SIGNAL_CLOSED, now) for s in to_close]
        TimelineEvent.objects.bulk_create(events)
    return ChunkOutcome(accounts=len(facts), opened=len(created), closed=len(to_close))


def _signal_event(signal: Signal, kind: str, now) -> TimelineEvent:
    opened = kind == TimelineEventType.SIGNAL_OPENED
    return TimelineEvent(
        account_id=signal.account_id,
        at=now,
        type=kind,
        payload={
            "signal_id": signal.pk,
            "kind": signal.kind,
            "label": SIGNAL_LABELS.get(signal.kind, signal.kind),
            "rule_id": signal.rule_id,
            "on": str(signal.opened_on if opened else signal.closed_on),
            "evidence": signal.evidence if opened else signal.close_evidence,
        },
    )


# --- compute_scores --------------------------------------------------------------------------


def score_row(account_id: int, result: HealthResult, *, final: bool) -> HealthScore:
    return HealthScore(
        account_id=account_id,
        week_start=result.week_start,
        as_of=result.as_of,
        score=result.score,
        band=result.band,
        components=[
            {
                "key": c.key,
                "label": c.label,
                "max": c.max,
                "points": c.points,
                "inputs": dict(c.inputs),
                "rule": c.rule,
                "explanation": c.explanation,
            }
            for c in result.components
        ],
        top_losses=list(result.top_losses),
        signals=list(result.open_signals),
        churn_reasons=[
            {"key": r.key, "rule_id": r.rule_id, "evidence": dict(r.evidence)}
            for r in result.churn_reasons
            if r.holds
        ],
        model_version=result.model_version,
        final=final,
    )


def _same(stored: HealthScore, fresh: HealthScore) -> bool:
    return all(getattr(stored, name) == getattr(fresh, name) for name in SCORE_FIELDS)


def _week_rows(
    ids: list[int],
    as_of: date,
    config: HealthConfig,
    *,
    final: bool,
    stored: dict[tuple[int, date], HealthScore],
    latest_rows: dict[int, date | None] | None = None,
) -> tuple[list[HealthScore], dict[str, int]]:
    """Rows to write for as_of's week: new or changed ones, never over a final row.
    `latest_rows`, when given, receives each No data account's latest metrics date (D-4)."""
    week = selectors.monday_of(as_of)
    rows: list[HealthScore] = []
    bands: dict[str, int] = {}
    for account_id, facts in selectors.load_facts(ids, as_of, config).items():
        result = evaluate(facts, config)
        bands[result.band] = bands.get(result.band, 0) + 1
        if latest_rows is not None and result.band == NO_DATA:
            latest_rows[account_id] = max(facts.event_counts, default=None)
        existing = stored.get((account_id, week))
        if existing is not None and existing.final:
            continue  # D-3: a final week is never rewritten
        fresh = score_row(account_id, result, final=final)
        if existing is None or not _same(existing, fresh):
            rows.append(fresh)
    return rows, bands


def _upsert(rows: list[HealthScore]) -> None:
    if rows:
        HealthScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["account", "week_start"],
            update_fields=[*SCORE_FIELDS, "computed_at"],
        )


def scores_chunk(
    account_ids: Iterable[int], as_of: date, config: HealthConfig | None = None, *, finalise: bool = True
) -> ChunkOutcome:
    """The current week's provisional row as of `as_of`; first, unless it is final already, the
    previous week's row recomputed as of its Sunday and marked final (the Monday run; a missed
    Monday is caught up by the next run)."""
    ids = list(dict.fromkeys(account_ids))
    config = config or selectors.active_config()
    week = selectors.monday_of(as_of)
    outcome = ChunkOutcome(accounts=len(ids))
    with transaction.atomic():
        stored = _stored_rows(ids, [week - timedelta(days=7), week])
        if finalise:
            outcome.finalised = _finalise(ids, week - timedelta(days=1), config, stored)
        latest_rows: dict[int, date | None] = {}
        rows, outcome.bands = _week_rows(
            ids, as_of, config, final=False, stored=stored, latest_rows=latest_rows
        )
        _upsert(rows)
        outcome.written = len(rows)
        outcome.stale_alerts = _stale_alerts(rows, stored, latest_rows, as_of, config)
    return outcome


def went_stale(row: HealthScore, stored: dict[tuple[int, date], HealthScore]) -> bool:
    """D-4: this week's row turns No data, and the account's last stored row (this week's, else
    last week's) was not No data, or there was none: once per episode of stale inputs."""
    if row.band != NO_DATA:
        return False
    before = stored.get((row.account_id, row.week_start)) or stored.get(
        (row.account_id, row.week_start - timedelta(days=7))
    )
    return before is None or before.band != NO_DATA


def _stale_alerts(
    rows: list[HealthScore],
    stored: dict[tuple[int, date], HealthScore],
    latest_rows: dict[int, date | None],
    as_of: date,
    config: HealthConfig,
) -> int:
    """D-4: "No data ... raises a RevOps 'stale inputs' alert" — every active RevOps admin is
    notified once per episode, with the latest metrics date; the Poor streak ends by itself (a
    No data week is not Poor, CR-2 health_poor_4w). No query unless an account went stale, then
    three, however many did."""
    from accounts.services import notify_many

    from .urls_helpers import account_health_link

    stale = [row for row in rows if went_stale(row, stored)]
    if not stale:
        return 0
    admins = list(User.objects.filter(role=Role.REVOPS_ADMIN, is_active=True).values_list("pk", flat=True))
    names = dict(Account.objects.filter(pk__in=[row.account_id for row in stale]).values_list("pk", "name"))
    days = config.t("D-4.days")
    alerts = []
    for row in stale:
        latest = latest_rows.get(row.account_id)
        since = f"the latest is dated {latest.isoformat()}" if latest else "none in the last 120 days"
        text = (
            f"{names.get(row.account_id, row.account_id)}: stale health inputs — no usage metrics "
            f"in the {days} days to {as_of.isoformat()} ({since}). Health shows No data (D-4)."
        )
        link = account_health_link(row.account_id)
        account_id = row.account_id
        alerts += [
            Notification(recipient_id=pk, kind=STALE_INPUTS, account_id=account_id, text=text, link=link)
            for pk in admins
        ]
    notify_many(notifications=alerts)  # three queries for any number of stale accounts
    return len(stale)


def _stored_rows(ids: list[int], weeks: list[date]) -> dict[tuple[int, date], HealthScore]:
    return {
        (row.account_id, row.week_start): row
        for row in HealthScore.objects.filter(account_id__in=ids, week_start__in=weeks)
    }


def _finalise(ids: list[int], sunday: date, config: HealthConfig, stored) -> int:
    week = selectors.monday_of(sunday)
    pending = [i for i in ids if not getattr(stored.get((i, week)), "final", False)]
    if not pending:
        return 0
    rows, _ = _week_rows(pending, sunday, config, final=True, stored=stored)
    _upsert(rows)
    return len(rows)


def finalise_chunk(
    account_ids: Iterable[int], sunday: date, config: HealthConfig | None = None
) -> ChunkOutcome:
    """Only the final row of the week ending `sunday` (a backfill of missed Monday runs)."""
    ids = list(dict.fromkeys(account_ids))
    config = config or selectors.active_config()
    with transaction.atomic():
        stored = _stored_rows(ids, [selectors.monday_of(sunday)])
        return ChunkOutcome(accounts=len(ids), finalised=_finalise(ids, sunday, config, stored))


def recompute_provisional(
    account_ids: Iterable[int], as_of: date, config: HealthConfig | None = None
) -> ChunkOutcome:
    """D-29: after a model change, the current week again; final weeks keep theirs."""
    return scores_chunk(account_ids, as_of, config, finalise=False)


# --- band_alerts -----------------------------------------------------------------------------

DROPS = {("Good", "Fair"), ("Good", "Poor"), ("Fair", "Poor"), ("No data", "Poor")}


def band_alerts_chunk(account_ids: Iterable[int], as_of: date) -> ChunkOutcome:
    """D-31: last week's final band against the final week before; a change is recorded once per
    (account, week) with a TimelineEvent; a drop (Good→Fair, any→Poor) alerts the owner."""
    from accounts.services import notify

    from .urls_helpers import account_health_link

    ids = list(dict.fromkeys(account_ids))
    week = selectors.monday_of(as_of) - timedelta(days=7)
    before = week - timedelta(days=7)
    rows = HealthScore.objects.filter(
        account_id__in=ids, final=True, week_start__in=[before, week]
    ).select_related("account__owner")
    by_account: dict[int, dict[date, HealthScore]] = {}
    for row in rows:
        by_account.setdefault(row.account_id, {})[row.week_start] = row
    done = set(
        HealthBandAlert.objects.filter(account_id__in=ids, week_start=week).values_list(
            "account_id", flat=True
        )
    )
    outcome = ChunkOutcome(accounts=len(ids))
    now = timezone.now()
    with transaction.atomic():
        alerts, events, drops = [], [], []
        for account_id, weeks in by_account.items():
            current, previous = weeks.get(week), weeks.get(before)
            if current is None or previous is None or current.band == previous.band or account_id in done:
                continue
            owner: User | None = current.account.owner  # type: ignore[assignment]
            dropped = (previous.band, current.band) in DROPS
            alerts.append(
                HealthBandAlert(
                    account_id=account_id,
                    week_start=week,
                    from_band=previous.band,
                    to_band=current.band,
                    recipient=owner if dropped else None,
                    created_at=now,
                )
            )
            events.append(
                TimelineEvent(
                    account_id=account_id,
                    at=now,
                    type=TimelineEventType.HEALTH_BAND_CHANGED,
                    payload={
                        "week_start": week.isoformat(),
                        "from": previous.band,
                        "to": current.band,
                        "score": current.score,
                        "previous_score": previous.score,
                        "rule_id": "D-31",
                    },
                )
            )
            if dropped and owner is not None:
                drops.append((owner, current, previous))
        HealthBandAlert.objects.bulk_create(alerts)
        TimelineEvent.objects.bulk_create(events)
        for owner, current, previous in drops:
            notify(
                recipient=owner,
                kind="health_band_changed",
                account=current.account,
                text=(
                    f"{current.account.name}: health {previous.band} → {current.band} "
                    f"(week of {week.isoformat()}, score {previous.score} → {current.score})."
                ),
                link=account_health_link(current.account_id),
            )
        outcome.alerts = len(drops)
    return outcome
