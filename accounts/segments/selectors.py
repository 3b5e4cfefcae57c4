"""Reads of segment memberships; set-wise, a fixed number of queries for any number of accounts."""

from collections.abc import Iterable

from accounts.models import Account, SegmentMembership


def open_segments_for(account_ids: Iterable[int]) -> dict[int, list[SegmentMembership]]:
    """Account id → its open memberships in catalogue order (every id is a key); one query."""
    ids = list(dict.fromkeys(account_ids))
    result: dict[int, list[SegmentMembership]] = {account_id: [] for account_id in ids}
    if not ids:
        return result
    rows = (
        SegmentMembership.objects.filter(account_id__in=ids, removed_at__isnull=True)
        .select_related("segment")
        .order_by("segment__display_order", "id")
    )
    for membership in rows:
        result[membership.account_id].append(membership)
    return result


def segment_history(account: Account, limit: int = 100) -> list[SegmentMembership]:
    """Every membership the account ever had, newest first (history is never deleted)."""
    return list(
        SegmentMembership.objects.filter(account=account)
        .select_related("segment", "added_by", "removed_by")
        .order_by("-added_at", "-id")[:limit]
    )
