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
    "BUSINESS_STAGES",
    "CROSS_SELL_STAGES",
    "MAX_OPTIONS",
    "RENEWAL_STAGES",
    "ActivationMode",
    "BillingSchedule",
    "ClosedLostReason",
    "CommitmentRule",
    "DiscountPolicyVersion",
    "FrozenPolicyVersion",
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
    "PolicyStatus",
    "ProjectionMethod",
    "Quote",
    "QuoteOption",
    "QuoteStatus",
    "RecordType",
    "VolumeTier",
]
