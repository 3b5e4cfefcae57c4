"""The one function the preview, `compute_signals` and `compute_scores` all run (spec README,
"Stateless previews"): facts + config → signals, score with its breakdown, churn reasons."""

from datetime import timedelta

from . import churn
from .config import DEFAULT_CONFIG, HealthConfig
from .facts import HealthFacts, HealthResult
from .score import (
    band_for,
    breadth_component,
    engagement_component,
    no_data_components,
    relationship_component,
    support_component,
    top_losses,
    usage_component,
)
from .signals import evaluate_signals
from .trend import usage_trend


def is_stale(facts: HealthFacts, config: HealthConfig) -> bool:
    """D-4 / decision 6: no metrics row in the last 7 days."""
    start = facts.as_of - timedelta(days=config.t("D-4.days") - 1)
    return not facts.has_rows_between(start, facts.as_of)


def evaluate(facts: HealthFacts, config: HealthConfig = DEFAULT_CONFIG) -> HealthResult:
    stale = is_stale(facts, config)
    signals = evaluate_signals(facts, config, stale=stale)
    by_kind = {s.kind: s for s in signals}
    open_kinds = frozenset(s.kind for s in signals if s.open)
    trend = usage_trend(facts, config)
    if stale:
        components = no_data_components(config, facts)
        score = None
    else:
        components = (
            usage_component(facts, config, trend),
            engagement_component(facts, config),
            breadth_component(facts, config, warehouse_open="warehouse_only_export" in open_kinds),
            relationship_component(config, open_kinds),
            support_component(config, open_kinds),
        )
        score = sum(c.points or 0 for c in components)
    band = band_for(score, config)
    reasons = (
        churn.usage_drop_30(facts, config, trend, stale),
        churn.champion_left_no_replacement(facts, config),
        churn.payment_failed_unresponsive(facts, config, by_kind),
        churn.health_poor_4w(facts, config),
        churn.renewal_lt_90d_negative(facts, config, by_kind, band),
        churn.not_source_of_truth(facts, config, by_kind),
    )
    return HealthResult(
        as_of=facts.as_of,
        week_start=facts.week_start,
        model_version=config.version,
        score=score,
        band=band,
        components=components,
        top_losses=top_losses(components),
        signals=signals,
        churn_reasons=reasons,
    )
