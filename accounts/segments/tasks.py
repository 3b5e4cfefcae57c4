"""Celery tasks for segments: take ids and a date, call a service, nothing else (accounts.md §4)."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from config.locks import single_run

from . import services


def _day(as_of: str | None) -> date:
    return date.fromisoformat(as_of) if as_of else timezone.localdate()


@shared_task(name="accounts.refresh_segments")
@single_run("accounts.refresh_segments")
def refresh_segments(as_of: str | None = None) -> dict:
    """Daily 01:00: every account's computed and mirrored segments."""
    return vars(services.segments_refresh(as_of=_day(as_of)))


@shared_task(name="accounts.refresh_account_segments")
def refresh_account_segments(account_ids: list[int], as_of: str | None = None) -> dict:
    """After an event on these accounts (billing sync, owner or lead change)."""
    return vars(services.segments_refresh(as_of=_day(as_of), account_ids=account_ids))


@shared_task(name="accounts.rank_top_40")
@single_run("accounts.rank_top_40")
def rank_top_40(as_of: str | None = None) -> dict:
    """Daily 01:15: arr_rank, is_top_40 and the `top_40` segment (D-10)."""
    return vars(services.top_40_rank(as_of=_day(as_of)))
