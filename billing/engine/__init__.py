"""Billing's pure maths (billing.md B-2…B-33, contracts.md credits preview): no Django, no clock.

- `dates`, `money`: calendar-month arithmetic (D-17) and cents (half-up).
- `ledger`: grants drawn by invoices in D-11 order (B-22, contracts.md §2).
- `contract`: a purchase's derived grants and purchase invoices (B-23…B-25, B-7).
- `mrr`: invoice arithmetic, configuration per month and MRR per configuration (B-2…B-11).
- `runway`: burn, run-out, scenario and action, rollover, expiry, CreditBot alerts (B-27…B-33, D-18).
- `credits`: the preview's whole evaluation, built from the modules above.
"""

from .contract import Block, Contract, PurchaseInvoice, contract_blocks, derived_grants, purchase_invoices
from .credits import CreditsInput, CreditsResult, evaluate_credits
from .dates import add_months, days_in_month, month_of
from .ledger import LedgerGrant, LedgerInvoice, LedgerResult, run_ledger
from .money import CENT, ZERO, cents
from .mrr import (
    BillingFacts,
    InvoiceFacts,
    LineFacts,
    MonthRevenue,
    amortized_shares,
    billed_amounts,
    classify_month,
    month_revenue,
    split_evenly,
    yearly_split,
)
from .runway import (
    AlertDecision,
    AlertState,
    Burn,
    PreviousAlert,
    Scenario,
    Term,
    burn_rate,
    decide_alert,
    run_out,
    scenario_and_action,
)

__all__ = [
    "CENT",
    "ZERO",
    "AlertDecision",
    "AlertState",
    "BillingFacts",
    "Block",
    "Burn",
    "Contract",
    "CreditsInput",
    "CreditsResult",
    "InvoiceFacts",
    "LedgerGrant",
    "LedgerInvoice",
    "LedgerResult",
    "LineFacts",
    "MonthRevenue",
    "PreviousAlert",
    "PurchaseInvoice",
    "Scenario",
    "Term",
    "add_months",
    "amortized_shares",
    "billed_amounts",
    "burn_rate",
    "cents",
    "classify_month",
    "contract_blocks",
    "days_in_month",
    "decide_alert",
    "derived_grants",
    "evaluate_credits",
    "month_of",
    "month_revenue",
    "purchase_invoices",
    "run_ledger",
    "run_out",
    "scenario_and_action",
    "split_evenly",
    "yearly_split",
]
