"""Celery tasks: thin, taking ids (J-1 nightly, J-2 one account)."""

from celery import shared_task

from config.locks import single_run


@shared_task(name="crosssell.tasks.nightly")
@single_run("crosssell_nightly", timeout_seconds=6 * 60 * 60)
def nightly() -> int:
    """J-1 `crosssell.nightly`, 02:30 UTC: the run's id."""
    from .pipeline import run_nightly

    return run_nightly().pk


@shared_task(name="crosssell.tasks.recompute_account")
def recompute_account(account_id: int, as_of: str | None = None) -> int:
    """J-2: the chain for one account (today unless `as_of` is given); the run's id."""
    from datetime import date

    from .pipeline import recompute_account as recompute

    return recompute(account_id, as_of=date.fromisoformat(as_of) if as_of else None).pk
