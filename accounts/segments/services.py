"""Writes for segments. Computed segments follow the Account's fields (SG-1); the manual ones
mirror the record a person opened through a service: AM Managed ← an open quota BookMembership,
Leads ← an open LeadMembership (§1.4). Churn Risk rows are written by health.md's flag services
through `segment_membership_open` / `segment_membership_close`.

Nothing is ever deleted: leaving a segment stamps `removed_at` and writes a `segment_removed`
TimelineEvent; joining writes `segment_added` (§1.9).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.engine import segments as engine
from accounts.models import (
    Account,
    LeadMembership,
    Segment,
    SegmentKind,
    SegmentMembership,
    TimelineEvent,
    TimelineEventType,
    User,
)

CHUNK_SIZE = 2000
MIRRORED_KEYS = ("am_managed", "leads")  # manual segments whose source record the refresh reads
FACT_FIELDS = (
    "id", "arr", "ltv", "forecasted_mrr", "stripe_balance", "credit_expires_at",
    "is_startup_plan_customer", "subscription_interval", "free_trial_until", "current_period_end",
    "is_top_40", "owner_id",
)


@dataclass
class RefreshResult:
    accounts: int = 0
    added: int = 0
    removed: int = 0

    def __iadd__(self, other: "RefreshResult") -> "RefreshResult":
        self.accounts += other.accounts
        self.added += other.added
        self.removed += other.removed
        return self


def segments_ensure_catalogue() -> dict[str, Segment]:
    """The §1.4 rows, created or corrected from the engine's catalogue; key → Segment.

    Kept in code rather than a data migration so a demo `--flush` cannot leave the table empty.
    """
    existing = {segment.key: segment for segment in Segment.objects.all()}
    for order, definition in enumerate(engine.CATALOGUE):
        wanted = {"label": definition.label, "kind": definition.kind, "display_order": order}
        segment = existing.get(definition.key)
        if segment is None:
            existing[definition.key] = Segment.objects.create(key=definition.key, **wanted)
        elif any(getattr(segment, name) != value for name, value in wanted.items()):
            Segment.objects.filter(pk=segment.pk).update(**wanted)
            for name, value in wanted.items():
                setattr(segment, name, value)
    return existing


def _facts(row: dict) -> engine.SegmentFacts:
    return engine.SegmentFacts(
        account_id=row["id"],
        arr=row["arr"],
        ltv=row["ltv"],
        forecasted_mrr=row["forecasted_mrr"],
        stripe_balance=row["stripe_balance"],
        credit_expires_at=row["credit_expires_at"],
        is_startup_plan_customer=row["is_startup_plan_customer"],
        subscription_interval=row["subscription_interval"],
        free_trial_until=row["free_trial_until"],
        current_period_end=row["current_period_end"],
        is_top_40=row["is_top_40"],
        has_owner=row["owner_id"] is not None,
    )


def _mirrored(ids: list[int]) -> dict[int, dict[str, engine.Membership]]:
    """The manual segments' source records: two queries for any number of accounts."""
    from quota import selectors as quota_selectors  # quota sits right of accounts

    wanted: dict[int, dict[str, engine.Membership]] = {account_id: {} for account_id in ids}
    for account_id, memberships in quota_selectors.open_book_memberships(account_ids=ids).items():
        if memberships:
            tams = ", ".join(str(m.tam) for m in memberships)
            wanted[account_id]["am_managed"] = engine.Membership(
                "am_managed", "SG-2 U-3", f"open book membership ({tams})",
                {"book_membership_ids": ",".join(str(m.pk) for m in memberships)},
            )
    leads = LeadMembership.objects.filter(account_id__in=ids, closed_on__isnull=True).values_list(
        "account_id", "pk"
    )
    for account_id, pk in leads:
        wanted[account_id].setdefault(
            "leads", engine.Membership("leads", "SG-2", "open lead membership", {"lead_ids": ""})
        )
        inputs = wanted[account_id]["leads"].inputs
        inputs["lead_ids"] = ",".join(filter(None, [inputs["lead_ids"], str(pk)]))
    return wanted


def _refresh_chunk(
    ids: list[int], *, today: date, catalogue: dict[str, Segment], acting_user: User | None
) -> RefreshResult:
    now = timezone.now()
    managed = [catalogue[key] for key in (*engine.COMPUTED_KEYS, *MIRRORED_KEYS)]
    by_id = {segment.pk: segment for segment in managed}
    rows = Account.objects.filter(pk__in=ids).values(*FACT_FIELDS)
    wanted: dict[int, dict[str, engine.Membership]] = _mirrored(ids)
    for row in rows:
        for membership in engine.computed_memberships(_facts(row), today):
            wanted[row["id"]][membership.key] = membership
    open_rows = SegmentMembership.objects.filter(
        account_id__in=ids, segment__in=managed, removed_at__isnull=True
    )
    have: dict[tuple[int, str], SegmentMembership] = {
        (m.account_id, by_id[m.segment_id].key): m for m in open_rows
    }
    closing: list[SegmentMembership] = []
    events: list[TimelineEvent] = []
    actor_id = acting_user.pk if acting_user else None
    for (account_id, key), row in have.items():
        if key not in wanted.get(account_id, {}):
            row.removed_at = now
            row.removed_by_id = actor_id
            row.removal_reason = (
                "no longer meets the criteria (SG-1)" if key in engine.COMPUTED_KEYS
                else "its source record closed (SG-2)"
            )
            closing.append(row)
            events.append(_event(account_id, now, actor_id, TimelineEventType.SEGMENT_REMOVED, key,
                                 row.removal_reason))
    opening: list[SegmentMembership] = []
    for account_id, memberships in wanted.items():
        for key, decision in memberships.items():
            if (account_id, key) in have:
                continue
            opening.append(
                SegmentMembership(
                    account_id=account_id, segment=catalogue[key], added_at=now, added_by_id=actor_id,
                    reason=f"{decision.rule}: {decision.reason}", explanation=decision.explanation(),
                )
            )
            events.append(_event(account_id, now, actor_id, TimelineEventType.SEGMENT_ADDED, key,
                                 f"{decision.rule}: {decision.reason}"))
    with transaction.atomic():
        if closing:
            SegmentMembership.objects.bulk_update(
                closing, ["removed_at", "removed_by", "removal_reason"], batch_size=500
            )
        SegmentMembership.objects.bulk_create(opening, batch_size=500)
        TimelineEvent.objects.bulk_create(events, batch_size=500)
    return RefreshResult(accounts=len(ids), added=len(opening), removed=len(closing))


def _event(account_id: int, at, actor_id, type_: str, key: str, reason: str) -> TimelineEvent:
    return TimelineEvent(
        account_id=account_id, at=at, actor_id=actor_id, type=type_,
        payload={"segment": key, "label": engine.LABELS[key], "reason": reason},
    )


def _chunks(account_ids: Iterable[int] | None, size: int) -> Iterator[list[int]]:
    if account_ids is not None:
        ids = sorted(set(account_ids))
        for start in range(0, len(ids), size):
            yield ids[start:start + size]
        return
    last = 0
    while True:  # keyset over the primary key: flat memory at any number of accounts
        ids = list(
            Account.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]


def segments_refresh(
    *,
    as_of: date,
    account_ids: Iterable[int] | None = None,
    acting_user: User | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> RefreshResult:
    """Open and close the computed and mirrored segment memberships of these accounts (all when
    None) so they match today's data. Idempotent: a second run changes nothing.

    Each chunk costs a fixed number of queries (facts, open rows, two source reads, writes).
    """
    catalogue = segments_ensure_catalogue()
    total = RefreshResult()
    for ids in _chunks(account_ids, chunk_size):
        total += _refresh_chunk(ids, today=as_of, catalogue=catalogue, acting_user=acting_user)
    return total


def segments_refresh_on_commit(account_ids: Iterable[int]) -> None:
    """For events (a billing sync, an owner or lead change): refresh these accounts after the
    surrounding transaction commits, in the background."""
    from .tasks import refresh_account_segments

    ids = sorted(set(account_ids))
    if ids:
        transaction.on_commit(lambda: refresh_account_segments.delay(ids))


# --- manual segments ---------------------------------------------------------------------------

MANUAL_PERMISSIONS = {  # segment key → (permission to open, permission to close), §1.1 matrix
    "am_managed": ("accounts.change_am_managed", "accounts.change_am_managed"),
    "leads": ("accounts.add_to_leads", "accounts.add_to_leads"),
    "churn_risk": ("accounts.flag_churn_risk", "accounts.resolve_churn_risk"),
}


def _manual_segment(key: str) -> Segment:
    segment = segments_ensure_catalogue().get(key)
    if segment is None or segment.kind != SegmentKind.MANUAL:
        raise ValidationError({"segment": f"{key!r} is not a manual segment."})
    return segment


def segment_membership_open(
    *, account: Account, segment_key: str, reason: str, acting_user: User
) -> SegmentMembership:
    """A person adds a manual segment; returns the open row (the existing one when already in)."""
    segment = _manual_segment(segment_key)
    if not acting_user.has_perm(MANUAL_PERMISSIONS[segment_key][0], account):
        raise PermissionDenied(f"segment: you may not add {segment.label}.")
    with transaction.atomic():
        existing = SegmentMembership.objects.select_for_update().filter(
            account=account, segment=segment, removed_at__isnull=True
        ).first()
        if existing:
            return existing
        now = timezone.now()
        membership = SegmentMembership.objects.create(
            account=account, segment=segment, added_at=now, added_by=acting_user, reason=reason,
            explanation={"rule": "§1.4", "reason": reason, "inputs": {}},
        )
        TimelineEvent.objects.create(
            account=account, at=now, actor=acting_user, type=TimelineEventType.SEGMENT_ADDED,
            payload={"segment": segment_key, "label": segment.label, "reason": reason},
        )
    return membership


def segment_membership_close(
    *, account: Account, segment_key: str, reason: str, acting_user: User
) -> SegmentMembership | None:
    """A person removes a manual segment; None when the account was not in it."""
    segment = _manual_segment(segment_key)
    if not acting_user.has_perm(MANUAL_PERMISSIONS[segment_key][1], account):
        raise PermissionDenied(f"segment: you may not remove {segment.label}.")
    with transaction.atomic():
        membership = SegmentMembership.objects.select_for_update().filter(
            account=account, segment=segment, removed_at__isnull=True
        ).first()
        if membership is None:
            return None
        now = timezone.now()
        membership.removed_at = now
        membership.removed_by = acting_user
        membership.removal_reason = reason
        membership.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        TimelineEvent.objects.create(
            account=account, at=now, actor=acting_user, type=TimelineEventType.SEGMENT_REMOVED,
            payload={"segment": segment_key, "label": segment.label, "reason": reason},
        )
    return membership


# --- Top 40 (D-10) -----------------------------------------------------------------------------


def top_40_rank(*, as_of: date) -> RefreshResult:
    """Full recompute of arr_rank and is_top_40; accounts whose Top 40 state changed get their
    segments refreshed. Same data → same result (the job is idempotent)."""
    rows = list(Account.objects.values_list("pk", "arr", "top_40_pin", "arr_rank", "is_top_40"))
    ranks = engine.rank_top_40(engine.RankInput(pk, arr, pin) for pk, arr, pin, _, _ in rows)
    current = {pk: (rank, top) for pk, _, _, rank, top in rows}
    changed = [r for r in ranks if current[r.account_id] != (r.arr_rank, r.is_top_40)]
    flipped = [r.account_id for r in changed if current[r.account_id][1] != r.is_top_40]
    with transaction.atomic():
        Account.objects.bulk_update(
            [Account(pk=r.account_id, arr_rank=r.arr_rank, is_top_40=r.is_top_40) for r in changed],
            ["arr_rank", "is_top_40"], batch_size=1000,
        )
    result = segments_refresh(as_of=as_of, account_ids=flipped) if flipped else RefreshResult()
    result.accounts = len(changed)
    return result
