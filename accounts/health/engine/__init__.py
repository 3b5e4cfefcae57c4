"""The pure health engine (health.md §1.3, S-1…S-9, L-1, L-2, CR-2): no Django, no clock."""

from .churn import REASON_KEYS, REASON_LABELS
from .config import (
    BANDS,
    COMPONENT_KEYS,
    COMPONENT_LABELS,
    DEFAULT_COMPONENTS,
    DEFAULT_CONFIG,
    DEFAULT_THRESHOLDS,
    ConfigError,
    HealthConfig,
)
from .evaluate import evaluate, is_stale
from .facts import (
    ComponentResult,
    ContactFact,
    HealthFacts,
    HealthResult,
    NoteFact,
    ReasonResult,
    RecommendationFact,
    SeasonalFact,
    SharedChannelFact,
    SignalResult,
)
from .signals import EARLY_WARNING_KINDS, METRIC_KINDS, RULE_IDS, SIGNAL_KINDS
from .signals import LABELS as SIGNAL_LABELS

__all__ = [
    "BANDS",
    "COMPONENT_KEYS",
    "COMPONENT_LABELS",
    "DEFAULT_COMPONENTS",
    "DEFAULT_CONFIG",
    "DEFAULT_THRESHOLDS",
    "EARLY_WARNING_KINDS",
    "METRIC_KINDS",
    "REASON_KEYS",
    "REASON_LABELS",
    "RULE_IDS",
    "SIGNAL_KINDS",
    "SIGNAL_LABELS",
    "ComponentResult",
    "ConfigError",
    "ContactFact",
    "HealthConfig",
    "HealthFacts",
    "HealthResult",
    "NoteFact",
    "ReasonResult",
    "RecommendationFact",
    "SeasonalFact",
    "SharedChannelFact",
    "SignalResult",
    "evaluate",
    "is_stale",
]
