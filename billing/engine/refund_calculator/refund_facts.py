"""The refund calculator's inputs and outputs (billing.md B-40…B-49, contracts.md refunds preview):
plain frozen dataclasses, Decimal money, whole units."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..tiers import GRADUATED, Tier

LEARNING_CURVE = "learning_curve"
UNEXPECTED_STARDOM = "unexpected_stardom"
UNDER_ATTACK = "under_attack"
WRONG_SETUP = "wrong_setup"
OTHER = "other"
# B-40: value → label exactly.
SCENARIOS = {
    LEARNING_CURVE: "Learning curve",
    UNEXPECTED_STARDOM: "Unexpected stardom",
    UNDER_ATTACK: "Under attack",
    WRONG_SETUP: "Wrong setup",
    OTHER: "Other",
}
# Contracts decision 5: the two scenarios whose subtitles say "spike".
SPIKE_SCENARIOS = (UNEXPECTED_STARDOM, UNDER_ATTACK)
MITIGATIONS = ("billing_limit", "managing_event_volume", "other", "none")
FRAUD_SIGNALS = (
    "connected_accounts",
    "stripe_high_refunds_notice",
    "usage_inconsistent_with_size",
    "sudden_10x_jump",
)
SUDDEN_10X_JUMP = "sudden_10x_jump"
INCIDENT_KINDS = ("request", "credit")

# Resolutions and the status a request starts in.
CREDIT = "credit"
CREDIT_NOTE_REFUND = "credit_note_refund"
PARTIAL_CONDITIONAL = "partial_conditional"
ESCALATE_REVOPS = "escalate_revops"
DECLINED = "declined"
RESOLUTIONS = (CREDIT, CREDIT_NOTE_REFUND, PARTIAL_CONDITIONAL, ESCALATE_REVOPS, DECLINED)
UNDER_REVIEW = "under_review"
ESCALATED = "escalated"

# B-48 escalation reasons, in the contract's order (§5).
ESCALATION_REASONS = (
    "something_off",
    "multiple_recent_refunds",
    "non_standard_case",
    "big_customer",
    "invoice_change_needed",
    "overdue_invoices",
    "extraordinary_circumstances",
)
# B-45: the ONE_TIME grant reason of a credit, per scenario.
CREDIT_REASONS = {
    LEARNING_CURVE: "first_big_bill",
    UNEXPECTED_STARDOM: "unwanted_spike",
    UNDER_ATTACK: "unwanted_spike",
    WRONG_SETUP: "other",
}

WINDOW_DAYS = 30  # B-42, D-25 (inclusive)
SPIKE_RATIO = 3  # D-26: ">200%" = spike > 3 x baseline, strict
JUMP_RATIO = 10  # B-49: spike ≥ 10 x baseline
RECENT_DAYS = 90  # D-27
RECENT_LIMIT = 2  # D-27: ≥ 2 incidents = "multiple refunds lately"
INCIDENT_MONTHS = 12  # D-29
BIG_CUSTOMER_MRR = Decimal("1667.00")  # D-28
PARTIAL_CAP_PERCENT = Decimal(50)  # D-30
FIX_WINDOW_DAYS = 14  # D-30
APPROVER_ROLE = "revops_admin"  # B-48
ESCALATION_NOTIFIES = ("revops_lead",)  # B-48


@dataclass(frozen=True)
class LineInput:
    product_key: str
    tiers: tuple[Tier, ...]
    prior_units: tuple[int, ...] = ()  # the ≤ 3 complete months before the spike month
    spike_units: int = 0
    tiers_mode: str = GRADUATED


@dataclass(frozen=True)
class PriorIncident:
    on: date
    kind: str  # "request" (a processed refund request) | "credit" (a first-bill/spike credit)


@dataclass(frozen=True)
class RefundInput:
    billing_date: date
    requested_on: date
    scenario: str = OTHER
    invoice_finalized: bool = True
    lines: tuple[LineInput, ...] = ()
    percent_off: Decimal = Decimal(0)
    is_first_bill_over_1: bool = False
    company_has_revenue: bool = True
    is_hobby_project: bool = False
    spike_ceased: bool = False
    mitigation: str = "none"
    fraud_signals: tuple[str, ...] = ()
    something_off: bool = False
    invoice_change_needed: bool = False
    overdue_invoices: bool = False
    prior_incidents: tuple[PriorIncident, ...] = ()
    prior_recommendations_actioned: bool | None = None
    extraordinary_circumstances: str = ""
    recent_mrr: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class LineResult:
    product_key: str
    prior_units: tuple[int, ...]
    baseline_units: int
    spike_units: int
    overage_units: int
    price_with_spike: Decimal
    price_baseline: Decimal
    amount: Decimal
    over_200_percent: bool
    jump_10x: bool
    overage_alone: Decimal  # the handbook's "wrong" figure, shown for contrast only, never used

    @property
    def breakdown(self) -> str:
        """B-44: the Zendesk note's line: the baseline average, the overage, both prices."""
        return (
            f"{self.product_key}: baseline {self.baseline_units:,} (mean of {list(self.prior_units)}), "
            f"spike {self.spike_units:,}, overage {self.overage_units:,}; "
            f"price(baseline + overage) {self.price_with_spike} - price(baseline) {self.price_baseline} "
            f"= {self.amount}"
        )


@dataclass(frozen=True)
class Check:
    ok: bool
    why: str


@dataclass(frozen=True)
class RefundResult:
    scenario: str
    checks: dict[str, Check]
    days_since_billing: int
    fraud_signals: tuple[str, ...]
    incident_number: int
    recent_incidents_90d: int
    average_mrr: Decimal  # exact mean
    big_customer: bool
    lines: tuple[LineResult, ...]
    amount: Decimal
    max_refund: Decimal
    resolution: str | None
    request_status: str
    credit_reason: str | None
    fix_window_until: date | None
    escalation_reasons: tuple[str, ...]
    approver_role: str
    notify: tuple[str, ...]
    prevention_guidance_required: bool
    repeat_warning_required: bool
    reasons: tuple[str, ...] = field(default=())

    @property
    def scenario_label(self) -> str:
        return SCENARIOS[self.scenario]

    @property
    def eligible(self) -> bool:
        return all(c.ok for c in self.checks.values())

    @property
    def calc_breakdown(self) -> str:
        rows = [line.breakdown for line in self.lines]
        rows.append(f"Total computed {self.amount}; refund ceiling {self.max_refund}.")
        return "\n".join(rows)
