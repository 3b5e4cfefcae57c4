"""crosssell tables, split by concern; import them from here."""

from .reference import CrossSellPathway, CrossSellSettings, DiscoveryQuestion, RoleFamilyRule, UseCase
from .signals import (
    AccountSignalEvent,
    ComplianceScreen,
    ImplementationCheckItem,
    ItemDetectedBy,
    ItemStatus,
)
from .state import (
    AccountCrossSellState,
    AccountFacts,
    CrossSellRun,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    TriggerEpisode,
    UseCaseAssignment,
)

__all__ = [
    "AccountCrossSellState",
    "AccountFacts",
    "AccountSignalEvent",
    "ComplianceScreen",
    "CrossSellPathway",
    "CrossSellRun",
    "CrossSellSettings",
    "DiscoveryQuestion",
    "ImplementationCheckItem",
    "ItemDetectedBy",
    "ItemStatus",
    "Recommendation",
    "RecommendationKind",
    "RecommendationStatus",
    "RoleFamilyRule",
    "TriggerEpisode",
    "UseCase",
    "UseCaseAssignment",
]
