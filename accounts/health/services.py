"""Writes for health: the jobs' entry points, model versions, advice and seasonality.

Each user-facing service owns its transaction, is audited by django-simple-history on its
model, and enqueues the recompute of what it changed on commit.
"""

from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import (
    Account,
    CustomerRecommendation,
    HealthModel,
    RecommendationStatus,
    SeasonalExplanation,
    User,
)

from . import pipeline, selectors
from .engine import ConfigError, HealthConfig


def chunk_size() -> int:
    return int(getattr(settings, "HEALTH_CHUNK_SIZE", 500))


def today() -> date:
    return timezone.now().date()


# --- the jobs, in-process (the command, the demo, the bench and the tasks' chunks) ----------


def run_signals(*, as_of: date, account_ids: Iterable[int] | None = None) -> pipeline.ChunkOutcome:
    ids = list(account_ids) if account_ids is not None else selectors.scope_account_ids()
    config = selectors.active_config()
    total = pipeline.ChunkOutcome()
    for chunk in selectors.chunked(ids, chunk_size()):
        total.add(pipeline.signals_chunk(chunk, as_of, config))
    return total


def run_scores(*, as_of: date, account_ids: Iterable[int] | None = None) -> pipeline.ChunkOutcome:
    ids = list(account_ids) if account_ids is not None else selectors.scope_account_ids()
    config = selectors.active_config()
    total = pipeline.ChunkOutcome()
    for chunk in selectors.chunked(ids, chunk_size()):
        total.add(pipeline.scores_chunk(chunk, as_of, config))
    return total


def run_finalise(*, sunday: date, account_ids: Iterable[int] | None = None) -> pipeline.ChunkOutcome:
    ids = list(account_ids) if account_ids is not None else selectors.scope_account_ids()
    config = selectors.active_config()
    total = pipeline.ChunkOutcome()
    for chunk in selectors.chunked(ids, chunk_size()):
        total.add(pipeline.finalise_chunk(chunk, sunday, config))
    return total


def run_band_alerts(*, as_of: date, account_ids: Iterable[int] | None = None) -> pipeline.ChunkOutcome:
    ids = list(account_ids) if account_ids is not None else selectors.scope_account_ids()
    total = pipeline.ChunkOutcome()
    for chunk in selectors.chunked(ids, chunk_size()):
        total.add(pipeline.band_alerts_chunk(chunk, as_of))
    return total


def recompute(*, as_of: date, account_ids: Iterable[int] | None = None) -> dict[str, pipeline.ChunkOutcome]:
    """`health.recompute`: signals, then scores, then band alerts — the same code paths."""
    ids = list(account_ids) if account_ids is not None else None
    return {
        "signals": run_signals(as_of=as_of, account_ids=ids),
        "scores": run_scores(as_of=as_of, account_ids=ids),
        "band_alerts": run_band_alerts(as_of=as_of, account_ids=ids),
    }


def recompute_account(*, account_id: int, as_of: date | None = None) -> None:
    """One account's inputs changed (a note, contact, ticket, advice, usage import)."""
    day = as_of or today()
    config = selectors.active_config()
    pipeline.signals_chunk([account_id], day, config)
    pipeline.scores_chunk([account_id], day, config)


def enqueue_recompute(account_ids: Iterable[int]) -> None:
    """On commit, one task per account whose inputs changed (the tasks take ids)."""
    from .tasks import recompute_account as task

    ids = sorted({int(i) for i in account_ids if i is not None})
    for account_id in ids:
        transaction.on_commit(partial(task.delay, account_id))


# --- HealthModel versions (D-29) -------------------------------------------------------------


def health_model_create_version(
    *, components: Mapping[str, Any], thresholds: Mapping[str, Any], note: str = "", acting_user: User
) -> HealthModel:
    """A change is a new version; the provisional week is recomputed at once (on commit), final
    weeks keep their version and values."""
    try:
        HealthConfig.from_json(version=0, components=components, thresholds=thresholds)
    except ConfigError as error:
        raise ValidationError({key: message for key, message in error.problems}) from error
    with transaction.atomic():
        latest = HealthModel.objects.select_for_update().aggregate(top=Max("version"))["top"] or 1
        model = HealthModel.objects.create(
            version=latest + 1,
            components=dict(components),
            thresholds=dict(thresholds),
            note=note,
            created_by=acting_user,
            active_from=timezone.now(),
        )
        from .tasks import recompute_provisional

        transaction.on_commit(lambda: recompute_provisional.delay(today().isoformat()))
    return model


# --- advice given (S-1's input) and seasonality (D-6) ---------------------------------------


def customer_recommendation_create(
    *, account: Account, description: str, product_key: str = "", acting_user: User
) -> CustomerRecommendation:
    recommendation = CustomerRecommendation(
        account=account,
        description=description.strip(),
        product_key=product_key,
        given_by=acting_user,
        given_at=timezone.now(),
    )
    if not recommendation.description:
        raise ValidationError({"description": "Describe the recommendation."})
    recommendation.full_clean()
    with transaction.atomic():
        recommendation.save()
    return recommendation


def customer_recommendation_set_status(
    *, recommendation: CustomerRecommendation, status: str, acting_user: User
) -> CustomerRecommendation:
    if status not in (RecommendationStatus.ACTIONED, RecommendationStatus.DISMISSED):
        raise ValidationError({"status": "Mark it actioned or dismissed."})
    if recommendation.status != RecommendationStatus.OPEN:
        raise ValidationError({"status": f"Already {recommendation.get_status_display().lower()}."})
    with transaction.atomic():
        recommendation.status = status
        recommendation.actioned_at = timezone.now() if status == RecommendationStatus.ACTIONED else None
        recommendation._change_reason = f"marked {status} by {acting_user}"  # type: ignore[attr-defined]
        recommendation.save(update_fields=["status", "actioned_at"])
    return recommendation


def seasonal_explanation_create(
    *, account: Account, starts_on: date, ends_on: date, reason: str, acting_user: User
) -> SeasonalExplanation:
    explanation = SeasonalExplanation(
        account=account, starts_on=starts_on, ends_on=ends_on, reason=reason.strip(), created_by=acting_user
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date is on or after the start date."})
    explanation.full_clean()
    with transaction.atomic():
        explanation.save()
    return explanation


def seasonal_explanation_end(
    *, explanation: SeasonalExplanation, on: date, acting_user: User
) -> SeasonalExplanation:
    """End an explanation early: it stays on record, active until `on` (and never before it
    started: ending one not yet started ends it on its first day)."""
    with transaction.atomic():
        explanation.ends_on = max(explanation.starts_on, min(explanation.ends_on, on))
        explanation._change_reason = f"ended by {acting_user}"  # type: ignore[attr-defined]
        explanation.save(update_fields=["ends_on"])
    return explanation
