"""Reads for health's pages, API and My book: one account's snapshot, its history and open
signals, the component deltas the panel explains, and `book_columns`. Re-exported by
`accounts.health.selectors`."""

from collections.abc import Iterable
from datetime import date, timedelta

from accounts.models import HealthScore, Signal


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


HISTORY_WEEKS_SHOWN = 104  # §5: ≥ 52 weeks visible; every row stays stored


def _signal_dict(signal: Signal) -> dict:
    from .engine import SIGNAL_LABELS

    return {
        "id": signal.pk,
        "kind": signal.kind,
        "label": SIGNAL_LABELS.get(signal.kind, signal.get_kind_display()),
        "rule_id": signal.rule_id,
        "opened_on": signal.opened_on,
        "source": signal.source,
        "evidence": signal.evidence,
    }


def account_open_signals(account_id: int) -> list[dict]:
    return [
        _signal_dict(s)
        for s in Signal.objects.filter(account_id=account_id, closed_at__isnull=True).order_by(
            "opened_on", "kind"
        )
    ]


def account_scores(account_id: int, limit: int = HISTORY_WEEKS_SHOWN) -> list[HealthScore]:
    """Weekly rows, newest first."""
    return list(HealthScore.objects.filter(account_id=account_id).order_by("-week_start")[:limit])


def account_snapshot(account_id: int) -> dict:
    """§5 `GET /api/v1/accounts/{id}/health/`: the latest row (never without its breakdown and
    model version), the open signals and the weekly history (oldest first). Three queries."""
    rows = account_scores(account_id, limit=10_000)
    latest = rows[0] if rows else None
    return {
        "week_start": latest.week_start if latest else None,
        "score": latest.score if latest else None,
        "band": latest.band if latest else None,
        "final": latest.final if latest else None,
        "model_version": latest.model_version if latest else None,
        "as_of": latest.as_of if latest else None,
        "components": latest.components if latest else [],
        "top_losses": latest.top_losses if latest else [],
        "churn_reasons": latest.churn_reasons if latest else [],
        "signals": account_open_signals(account_id),
        "history": [
            {
                "week_start": r.week_start,
                "score": r.score,
                "band": r.band,
                "final": r.final,
                "model_version": r.model_version,
                "components": r.components,
            }
            for r in reversed(rows)
        ],
    }


def component_deltas(current: HealthScore, previous: HealthScore | None) -> list[dict]:
    """Per component: points now, points in the previous final week, and the change."""
    before = {c["key"]: c.get("points") for c in (previous.components if previous else [])}
    deltas = []
    for component in current.components:
        then = before.get(component["key"])
        now = component.get("points")
        change = None if now is None or then is None else now - then
        deltas.append({**component, "previous_points": then, "delta": change})
    return deltas


def biggest_drops(deltas: list[dict], count: int = 3) -> list[dict]:
    """The components that lost most since the previous final week (largest loss first)."""
    lost = [d for d in deltas if d["delta"] is not None and d["delta"] < 0]
    return sorted(lost, key=lambda d: d["delta"])[:count]


def previous_final(rows: list[HealthScore], current: HealthScore) -> HealthScore | None:
    return next((r for r in rows if r.final and r.week_start < current.week_start), None)


def book_columns(account_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """My book: `health_band` (the latest week's band) and `health_last_4_weeks` ({week_start,
    score, band}, oldest → newest). One query; accounts without a score are missing."""
    from django.utils import timezone

    ids = list(dict.fromkeys(account_ids))
    since = monday_of(timezone.now().date()) - timedelta(days=7 * 3)
    weeks: dict[int, list[dict]] = {}
    for account_id, week, score, band in (
        HealthScore.objects.filter(account_id__in=ids, week_start__gte=since)
        .order_by("account_id", "week_start")
        .values_list("account_id", "week_start", "score", "band")
    ):
        weeks.setdefault(account_id, []).append({"week_start": week, "score": score, "band": band})
    return {
        account_id: {"health_band": rows[-1]["band"], "health_last_4_weeks": rows[-4:]}
        for account_id, rows in weeks.items()
    }
