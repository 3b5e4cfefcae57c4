"""Reads of billing facts for other apps and pages, split by concern and re-exported here."""

from .catalogue import (
    adoption_product_keys,
    core_product_keys,
    product_catalogue,
    product_keys,
    quota_primary_product_keys,
)
from .invoices import (
    QUOTA_CONTRACT_STATUSES,
    account_id_for_invoice,
    account_id_for_stripe_customer,
    account_ids_with_invoices,
    cancellations_for_accounts,
    invoice_history_for_accounts,
    invoice_lines_for_accounts,
    invoices_for_accounts,
    sales_contracts_for_accounts,
)
from .money import (
    RUNWAY_FRESH_DAYS,
    book_columns,
    credit_runway_rows,
    latest_runways,
    mrr_by_month,
)
from .payments import (
    PAYG_MAX_ATTEMPTS,
    LatePaymentFacts,
    late_payment_facts,
)
from .pricing_facts import (
    pricing_facts,
)
from .usage_spend import (
    active_prepaid_contracts,
    first_paid_invoice_dates,
    product_spend_for_month,
)

__all__ = [
    "PAYG_MAX_ATTEMPTS",
    "QUOTA_CONTRACT_STATUSES",
    "RUNWAY_FRESH_DAYS",
    "LatePaymentFacts",
    "account_id_for_invoice",
    "account_id_for_stripe_customer",
    "account_ids_with_invoices",
    "active_prepaid_contracts",
    "adoption_product_keys",
    "book_columns",
    "cancellations_for_accounts",
    "core_product_keys",
    "credit_runway_rows",
    "first_paid_invoice_dates",
    "invoice_history_for_accounts",
    "invoice_lines_for_accounts",
    "invoices_for_accounts",
    "late_payment_facts",
    "latest_runways",
    "mrr_by_month",
    "pricing_facts",
    "product_catalogue",
    "product_keys",
    "product_spend_for_month",
    "quota_primary_product_keys",
    "sales_contracts_for_accounts",
]
