"""Reads of the book of business. Other apps call these; they never query quota tables directly."""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import BookMembership


def open_book_memberships(*, account_ids: Iterable[int]) -> dict[int, list[BookMembership]]:
    """Each requested account id → its open memberships (oldest first, TAM loaded); one query.

    Every requested id is a key, with an empty list when the account is in no TAM's book, so a
    caller can index the result directly.
    """
    ids = list(dict.fromkeys(account_ids))
    result: dict[int, list[BookMembership]] = {account_id: [] for account_id in ids}
    if not ids:
        return result
    memberships = (
        BookMembership.objects.filter(account_id__in=ids, ended_on__isnull=True)
        .select_related("tam")
        .order_by("added_on", "id")
    )
    for membership in memberships:
        result[membership.account_id].append(membership)
    return result


def open_book_for_tam(*, tam) -> QuerySet[BookMembership]:
    """The TAM's AM Managed accounts today, by account name."""
    return (
        BookMembership.objects.filter(tam=tam, ended_on__isnull=True)
        .select_related("account")
        .order_by("account__name", "id")
    )
