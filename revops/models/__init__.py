from .imports import ImportKind, ImportRun, ImportSource, ImportStatus
from .opportunities import (
    BUSINESS_STAGES,
    CROSS_SELL_STAGES,
    RENEWAL_STAGES,
    ClosedLostReason,
    Opportunity,
    OpportunityStage,
    RecordType,
)
from .order_forms import (
    ActivationMode,
    BillingSchedule,
    GoverningTerms,
    OrderForm,
    OrderFormKind,
    OrderFormStatus,
    PaymentMethod,
)
from .policy import CommitmentRule, DiscountPolicyVersion, FrozenPolicyVersion, PolicyStatus, VolumeTier
from .quotes import MAX_OPTIONS, ProjectionMethod, Quote, QuoteOption, QuoteStatus

__all__ = [
    "MAX_OPTIONS",
    "CommitmentRule",
    "DiscountPolicyVersion",
    "FrozenPolicyVersion",
    "PolicyStatus",
    "ProjectionMethod",
    "Quote",
    "QuoteOption",
    "QuoteStatus",
    "VolumeTier",
    "BUSINESS_STAGES",
    "CROSS_SELL_STAGES",
    "RENEWAL_STAGES",
    "ActivationMode",
    "BillingSchedule",
    "ClosedLostReason",
    "GoverningTerms",
    "ImportKind",
    "ImportRun",
    "ImportSource",
    "ImportStatus",
    "Opportunity",
    "OpportunityStage",
    "OrderForm",
    "OrderFormKind",
    "OrderFormStatus",
    "PaymentMethod",
    "RecordType",
]
