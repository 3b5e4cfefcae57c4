"""J-1: the chain over all accounts, chunk by chunk; J-2: one account on demand."""

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from crosssell.facts_loader import family_rules
from crosssell.models import CrossSellRun

from .chunk import ChunkContext, process_chunk

log = logging.getLogger(__name__)
DEFAULT_CHUNK = 250


@contextmanager
def _counting_queries() -> Iterator[dict[str, int]]:
    """Statements run on the default connection inside the block (no debug cursor needed)."""
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def _account_ids(account_ids: Iterable[int] | None) -> list[int]:
    from accounts.models import Account

    if account_ids is not None:
        return sorted(set(account_ids))
    return list(Account.objects.filter(churned_at__isnull=True).order_by("pk").values_list("pk", flat=True))


def run_nightly(
    *,
    as_of: date | None = None,
    account_ids: Iterable[int] | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    scope: str = "nightly",
) -> CrossSellRun:
    """Every account, chunked; one failing account is recorded and skipped, never fatal."""
    from crosssell import selectors

    today = as_of or timezone.localdate()
    started = time.monotonic()
    ids = _account_ids(account_ids)
    ctx = ChunkContext(
        today=today,
        reference=selectors.reference(),
        policy=selectors.policy_in_force(),
        rules=family_rules(),
    )
    run = CrossSellRun.objects.create(as_of=today, scope=scope)
    counts: dict[str, int] = {}
    errors: list[dict] = []
    chunk_queries: list[int] = []
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        # The count covers the chunk's reads and bulk writes; the owners' notifications run on
        # commit, after it (one notify() per new episode behind a card).
        with transaction.atomic(), _counting_queries() as counted:
            result = process_chunk(chunk, ctx)
        chunk_queries.append(counted["queries"])
        for key, value in result.counts.items():
            counts[key] = counts.get(key, 0) + value
        errors.extend(result.errors)
    run.accounts = len(ids)
    run.counts = counts
    run.errors = errors
    run.chunk_queries = chunk_queries
    run.finished_at = timezone.now()
    run.duration_seconds = round(time.monotonic() - started, 3)
    run.save()
    if errors:
        log.warning("crosssell run %s: %d account(s) failed", run.pk, len(errors))
    return run


def recompute_account(account_id: int, *, as_of: date | None = None) -> CrossSellRun:
    """J-2: the same chain for one account (events, contacts, check items, override changed)."""
    return run_nightly(as_of=as_of, account_ids=[account_id], chunk_size=1, scope="account")


# The evaluation day for on-demand recomputes: today, unless a caller replaying a past day
# (the demo generator, a backfill) says otherwise.
_recompute_day: ContextVar[date | None] = ContextVar("crosssell_recompute_day", default=None)


@contextmanager
def recompute_dated(day: date) -> Iterator[None]:
    token = _recompute_day.set(day)
    try:
        yield
    finally:
        _recompute_day.reset(token)


def recompute_account_on_commit(account_id: int) -> None:
    """Enqueue J-2 after the surrounding transaction commits (eager in embedded mode)."""
    from crosssell import tasks

    day = _recompute_day.get()
    as_of = day.isoformat() if day else None
    transaction.on_commit(lambda: tasks.recompute_account.delay(account_id, as_of))
