"""crosssell tables, split by concern; import them from here."""

from .reference import CrossSellSettings, DiscoveryQuestion, RoleFamilyRule, UseCase
from .signals import (
    AccountSignalEvent, ComplianceScreen, ComplianceStatus, ImplementationCheckItem,
    ImplementationItem, ItemDetectedBy, ItemStatus, SignalEventType,
)
from .state import (
    AccountCrossSellState, AccountFacts, CrossSellRun, Recommendation, RecommendationKind,
    RecommendationStatus, TriggerEpisode, UseCaseAssignment,
)

__all__ = [
    "AccountCrossSellState", "AccountFacts", "AccountSignalEvent", "ComplianceScreen",
    "ComplianceStatus", "CrossSellRun", "CrossSellSettings", "DiscoveryQuestion",
    "ImplementationCheckItem", "ImplementationItem", "ItemDetectedBy", "ItemStatus",
    "Recommendation", "RecommendationKind", "RecommendationStatus", "RoleFamilyRule",
    "SignalEventType", "TriggerEpisode", "UseCase", "UseCaseAssignment",
]
