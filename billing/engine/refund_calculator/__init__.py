"""The refund calculator (billing.md B-40…B-49, D-25…D-31; contracts.md refunds preview), pure.

- `facts`: inputs, outputs and the handbook's thresholds.
- `lines`: baseline, overage and amount per product (B-43, B-44).
- `history`: incident number, recent refunds, customer size (D-27…D-29).
- `checks`: eligibility check by check (B-41, B-42).
- `routing`: escalation reasons, resolution, caps, who acts (B-45, B-47, B-48).
- `evaluate`: the one evaluation the preview, the form and the stored request share.
"""

from .refund_evaluation import evaluate_refund
from .refund_facts import (
    CREDIT_REASONS,
    ESCALATION_REASONS,
    FRAUD_SIGNALS,
    INCIDENT_KINDS,
    MITIGATIONS,
    RESOLUTIONS,
    SCENARIOS,
    Check,
    LineInput,
    LineResult,
    PriorIncident,
    RefundInput,
    RefundResult,
)
from .refund_lines import baseline, over_200_percent, price_line, sudden_10x_jump

__all__ = [
    "CREDIT_REASONS",
    "ESCALATION_REASONS",
    "FRAUD_SIGNALS",
    "INCIDENT_KINDS",
    "MITIGATIONS",
    "RESOLUTIONS",
    "SCENARIOS",
    "Check",
    "LineInput",
    "LineResult",
    "PriorIncident",
    "RefundInput",
    "RefundResult",
    "baseline",
    "evaluate_refund",
    "over_200_percent",
    "price_line",
    "sudden_10x_jump",
]
