"""Celery jobs of health.md §4: thin, take ids and dates, call the pipeline.

The three periodic jobs split the in-scope accounts into chunks and send one task per chunk;
a worker killed mid-chunk loses nothing (acks_late is the project default and every write is an
upsert or keyed on its episode), and the chunk is simply run again.
"""

from datetime import date

from celery import shared_task

from config.locks import single_run

from . import pipeline, selectors, services


def _day(as_of: str | None) -> date:
    return date.fromisoformat(as_of) if as_of else services.today()


def _fan_out(task, as_of: date) -> int:
    ids = selectors.scope_account_ids()
    chunks = list(selectors.chunked(ids, services.chunk_size()))
    for chunk in chunks:
        task.delay(chunk, as_of.isoformat())
    return len(chunks)


@shared_task(name="health.compute_signals", acks_late=True)
@single_run("health.compute_signals")
def compute_signals(as_of: str | None = None) -> int:
    return _fan_out(compute_signals_chunk, _day(as_of))


@shared_task(name="health.compute_signals_chunk", acks_late=True)
def compute_signals_chunk(account_ids: list[int], as_of: str) -> dict:
    outcome = pipeline.signals_chunk(account_ids, date.fromisoformat(as_of))
    return {"opened": outcome.opened, "closed": outcome.closed}


@shared_task(name="health.compute_scores", acks_late=True)
@single_run("health.compute_scores")
def compute_scores(as_of: str | None = None) -> int:
    return _fan_out(compute_scores_chunk, _day(as_of))


@shared_task(name="health.compute_scores_chunk", acks_late=True)
def compute_scores_chunk(account_ids: list[int], as_of: str) -> dict:
    outcome = pipeline.scores_chunk(account_ids, date.fromisoformat(as_of))
    return {"written": outcome.written, "finalised": outcome.finalised}


@shared_task(name="health.band_alerts", acks_late=True)
@single_run("health.band_alerts")
def band_alerts(as_of: str | None = None) -> int:
    return _fan_out(band_alerts_chunk, _day(as_of))


@shared_task(name="health.band_alerts_chunk", acks_late=True)
def band_alerts_chunk(account_ids: list[int], as_of: str) -> int:
    return pipeline.band_alerts_chunk(account_ids, date.fromisoformat(as_of)).alerts


@shared_task(name="health.recompute_account", acks_late=True)
def recompute_account(account_id: int, as_of: str | None = None) -> None:
    services.recompute_account(account_id=account_id, as_of=_day(as_of))


@shared_task(name="health.recompute_provisional", acks_late=True)
def recompute_provisional(as_of: str | None = None) -> int:
    day = _day(as_of)
    chunks = 0
    for chunk in selectors.chunked(selectors.scope_account_ids(), services.chunk_size()):
        pipeline.recompute_provisional(chunk, day)
        chunks += 1
    return chunks
