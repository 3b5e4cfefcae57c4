"""J-3 episodes and the card/task lifecycle (NEXT-4, D-22, D-43), pure over plain rows.

Functions here take the stored rows as loaded and return what to create or change; the
chunk writer does the writing. Dates only — no clock.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from crosssell.engine import Card, Task
from crosssell.engine.triggers import DEFINITIONS


@dataclass
class EpisodeChanges:
    opened: list[tuple[str, str, dict]] = field(default_factory=list)  # (trigger, subject, evidence)
    touched: list[int] = field(default_factory=list)  # episode ids whose last_true_on becomes today
    ended: list[int] = field(default_factory=list)
    open_by_subject: dict[str, date] = field(default_factory=dict)  # product → episode start


def episode_changes(
    fired: Iterable[str],
    open_episodes: Iterable,
    today: date,
    end_after_days: int,
    evidence: Mapping[str, dict],
) -> EpisodeChanges:
    """J-3: true with no open episode → open one; still true → last_true_on; false for
    `end_after_days` days running (today - last_true_on ≥ 14) → end it."""
    changes = EpisodeChanges()
    wanted = {(key, DEFINITIONS[key].recommends) for key in fired}
    by_key = {(e.trigger_key, e.subject): e for e in open_episodes}
    for key, subject in sorted(wanted):
        episode = by_key.get((key, subject))
        if episode is None:
            changes.opened.append((key, subject, evidence.get(key, {})))
            changes.open_by_subject.setdefault(f"{key}|{subject}", today)
        else:
            if episode.last_true_on != today:
                changes.touched.append(episode.pk)
            changes.open_by_subject[f"{key}|{subject}"] = episode.started_on
    for (key, subject), episode in by_key.items():
        if (key, subject) in wanted:
            continue
        if (today - episode.last_true_on).days >= end_after_days:
            changes.ended.append(episode.pk)
        else:
            changes.open_by_subject[f"{key}|{subject}"] = episode.started_on  # still open, not true today
    return changes


def card_row(card: Card, starts: Mapping[str, date]) -> dict:
    """The stored shape of a card: why-now items with `since` (episode start, window month 3,
    activation date), why-not-now with the date each reason was first seen on it."""
    why_now = []
    for key, item in card.why_now.items():
        since = starts.get(f"{key}|{card.product}") if item.kind == "trigger" else item.since
        why_now.append(
            {
                "kind": item.kind,
                "ref": item.ref,
                "label": item.label,
                "since": since.isoformat() if since else None,
            }
        )
    return {
        "kind": "product_card",
        "key": card.key,
        "product": card.product,
        "feature": card.feature or "",
        "target_use_case": card.use_case or "",
        "motion": card.motion,
        "tier": card.tier,
        "path_position": card.path_position,
        "maturity": card.maturity,
        "why_this": card.why_this,
        "why_now": why_now,
        "why_not_now": [
            {
                "reason": r.reason,
                "label": r.label,
                "reopens_when": r.reopens_when,
                "reopens_on": r.reopens_on.isoformat() if r.reopens_on else None,
            }
            for r in card.why_not_now.values()
        ],
        "trigger_keys": list(card.trigger_keys),
        "status": card.status,
    }


def task_row(task: Task) -> dict:
    return {
        "kind": "task",
        "key": f"{task.trigger_key}:{task.subject}",
        "trigger_key": task.trigger_key,
        "subject": task.subject,
        "text": task.text,
        "tier": task.tier,
        "product": task.subject if task.trigger_key == "reinforce_value" else "",
        "why_now": [],
        "why_not_now": [
            {
                "reason": r.reason,
                "label": r.label,
                "reopens_when": r.reopens_when,
                "reopens_on": r.reopens_on.isoformat() if r.reopens_on else None,
            }
            for r in task.why_not_now.values()
        ],
        "status": task.status,
        "trigger_keys": [],
    }


def keep_reason_since(desired: list[dict], existing_reasons: list[dict], today: date) -> list[dict]:
    """Each why-not-now reason keeps the date it was first seen on this card."""
    first_seen = {r["reason"]: r.get("since") for r in existing_reasons or ()}
    return [{**r, "since": first_seen.get(r["reason"]) or today.isoformat()} for r in desired]


def lifecycle_status(
    existing, computed_status: str, trigger_keys: list[str], today: date, dismiss_days: int
) -> str:
    """NEXT-4 / D-22: snoozed until its date, dismissed for 90 days unless a new trigger key
    joins its evidence, actioned stays; else the computed open/suppressed."""
    if existing is None:
        return computed_status
    if existing.status == "actioned":
        return "actioned"
    if existing.status == "snoozed" and existing.snoozed_until and existing.snoozed_until > today:
        return "snoozed"
    if existing.status == "dismissed" and existing.dismissed_on:
        fresh = set(trigger_keys) - set(existing.dismissed_trigger_keys or ())
        if (today - existing.dismissed_on).days < dismiss_days and not fresh:
            return "dismissed"
    return computed_status


def expired(existing, today: date, expiry_days: int, adopted: bool, backed: bool) -> bool:
    """D-43: a visible card with no candidate today expires when its product is now adopted,
    or after 14 days with neither a candidate nor an open episode behind it."""
    if existing.status not in ("open", "suppressed", "snoozed"):
        return False
    if adopted:
        return True
    return not backed and (today - existing.last_candidate_on) >= timedelta(days=expiry_days)
