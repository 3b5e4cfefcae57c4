"""The quota engine: pure maths over plain frozen dataclasses (no Django, no other app, no clock).

Modules by concern: `quarters` (calendar), `policy` (parameters, money, explanation steps),
`months` (Q-1…Q-4), `contribution` (Q-5…Q-10, Q-16), `attainment` (Q-11…Q-13, C-4…C-6) and
`team` (C-10, T-2…T-4).
"""

from .attainment import (
    AccountLineInput,
    AttainmentLine,
    BookAttainment,
    Deferral,
    InvoicePayment,
    attainment_line,
    attainment_pct,
    book_attainment,
    eligibility_at_cutoff,
    in_book_on,
    validate_exclusion,
)
from .contribution import (
    AnnualContract,
    ContributionInput,
    ContributionResult,
    QuarterArr,
    compute_contribution,
)
from .months import Invoice, MonthResult, ProductLine, multiplier
from .policy import DEFAULT_PRIMARY_PRODUCTS, QuotaPolicy, Step, cents
from .quarters import InvalidQuarter, Quarter, add_months
from .team import (
    TeamMember,
    TeamQuota,
    TeamQuotaLine,
    fixed_months_in,
    is_ramping,
    prorated_quota,
    ramp_months,
    team_attainment,
    team_lead_payout,
    team_quota,
)

__all__ = [
    "DEFAULT_PRIMARY_PRODUCTS",
    "AccountLineInput",
    "AnnualContract",
    "AttainmentLine",
    "BookAttainment",
    "ContributionInput",
    "ContributionResult",
    "Deferral",
    "InvalidQuarter",
    "Invoice",
    "InvoicePayment",
    "MonthResult",
    "ProductLine",
    "Quarter",
    "QuarterArr",
    "QuotaPolicy",
    "Step",
    "TeamMember",
    "TeamQuota",
    "TeamQuotaLine",
    "add_months",
    "attainment_line",
    "attainment_pct",
    "book_attainment",
    "cents",
    "compute_contribution",
    "eligibility_at_cutoff",
    "fixed_months_in",
    "in_book_on",
    "is_ramping",
    "multiplier",
    "prorated_quota",
    "ramp_months",
    "team_attainment",
    "team_lead_payout",
    "team_quota",
    "validate_exclusion",
]
