"""Billing tables (billing.md §1), one module per concern, all importable from here."""

from .catalogue import Maturity, Product, ProductKind, UseCaseKey
from .credit_notes import CreditNote, CreditNoteLine, CreditNoteReason, CreditNoteStatus
from .credit_runway import (
    AlertState,
    CreditRunway,
    RunwayScenario,
    StripeWriteKind,
    StripeWriteStatus,
    StripeWriteTask,
)
from .credits import (
    CreditConsumption,
    CreditGrant,
    CreditGrantKind,
    CreditGrantReason,
    CreditGrantStatus,
    CreditPurchase,
    CreditPurchaseBilling,
    CreditPurchaseSource,
    CreditPurchaseStatus,
)
from .customers import (
    BillingConfiguration,
    BillingCustomer,
    ConsolidationReason,
    CreditDiscountSource,
    CustomerBalanceTransaction,
    Discount,
    DiscountDuration,
    StripeCustomer,
    StripeCustomerRole,
    TaxExempt,
)
from .invoices import (
    Invoice,
    InvoiceLine,
    InvoiceLineKind,
    InvoicePurpose,
    InvoiceStatus,
    PaymentAttempt,
    PaymentMethodType,
)
from .prices import (
    BillingScheme,
    ProductKeyAlias,
    RecurringInterval,
    StripePrice,
    StripeProduct,
    TiersMode,
    UsageType,
)
from .revenue import MonthlyRevenue, RevenueSource
from .subscriptions import CollectionMethod, Subscription, SubscriptionItem, SubscriptionStatus

__all__ = [
    "AlertState",
    "BillingConfiguration",
    "BillingCustomer",
    "BillingScheme",
    "CollectionMethod",
    "ConsolidationReason",
    "CreditConsumption",
    "CreditDiscountSource",
    "CreditGrant",
    "CreditGrantKind",
    "CreditGrantReason",
    "CreditGrantStatus",
    "CreditNote",
    "CreditNoteLine",
    "CreditNoteReason",
    "CreditNoteStatus",
    "CreditPurchase",
    "CreditPurchaseBilling",
    "CreditPurchaseSource",
    "CreditPurchaseStatus",
    "CreditRunway",
    "CustomerBalanceTransaction",
    "Discount",
    "DiscountDuration",
    "Invoice",
    "InvoiceLine",
    "InvoiceLineKind",
    "InvoicePurpose",
    "InvoiceStatus",
    "Maturity",
    "MonthlyRevenue",
    "PaymentAttempt",
    "PaymentMethodType",
    "Product",
    "ProductKeyAlias",
    "ProductKind",
    "RecurringInterval",
    "RevenueSource",
    "RunwayScenario",
    "StripeCustomer",
    "StripeCustomerRole",
    "StripePrice",
    "StripeProduct",
    "StripeWriteKind",
    "StripeWriteStatus",
    "StripeWriteTask",
    "Subscription",
    "SubscriptionItem",
    "SubscriptionStatus",
    "TaxExempt",
    "TiersMode",
    "UsageType",
    "UseCaseKey",
]

# --- late payments and dunning (issue 20, B-34…B-39) ---
from .dunning import (
    LIVE_STATUSES as DUNNING_LIVE_STATUSES,
)
from .dunning import (
    DunningCase,
    DunningEvent,
    DunningEventKind,
    DunningPause,
    DunningPlanKind,
    DunningStatus,
    DunningStep,
)

__all__ += [
    "DUNNING_LIVE_STATUSES",
    "DunningCase",
    "DunningEvent",
    "DunningEventKind",
    "DunningPause",
    "DunningPlanKind",
    "DunningStatus",
    "DunningStep",
]
