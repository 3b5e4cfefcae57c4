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

__all__ = [
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
