"""What a filer claims (LineClaim, Claim) and the calculator run on it (B-40…B-44)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from ...engine.refund_calculator import LineInput, RefundInput, RefundResult, evaluate_refund
from ...models import (
    Invoice,
)
from ..selectors import RefundFacts, refund_facts


@dataclass(frozen=True)
class LineClaim:
    """What the filer typed for one product: the months before the spike and the spike month."""

    product_key: str
    prior_units: tuple[int, ...]
    spike_units: int


@dataclass(frozen=True)
class Claim:
    """The person's facts and judgement (B-41, B-42, B-47…B-49); the rest comes from the database."""

    scenario: str
    requested_on: date
    lines: tuple[LineClaim, ...]
    is_first_bill_over_1: bool = False
    company_has_revenue: bool = True
    is_hobby_project: bool = False
    spike_ceased: bool = False
    mitigation: str = "none"
    fraud_signals: tuple[str, ...] = ()
    something_off: bool = False
    invoice_change_needed: bool = False
    prior_recommendations_actioned: bool | None = None
    extraordinary_circumstances: str = ""


def refund_input(facts: RefundFacts, claim: Claim) -> RefundInput:
    """The engine's input: the customer's tiers and coupon (D-31), history (D-27, D-29), size
    (D-28) and overdue invoices (B-45) from the database; the rest as the filer gave it."""
    unknown = [c.product_key for c in claim.lines if c.product_key not in facts.products]
    if unknown:
        raise ValidationError({"lines": f"Not billed on this invoice: {', '.join(unknown)}."})
    lines = tuple(
        LineInput(
            product_key=c.product_key,
            tiers=facts.products[c.product_key].tiers,
            prior_units=c.prior_units,
            spike_units=c.spike_units,
            tiers_mode=facts.products[c.product_key].tiers_mode,
        )
        for c in claim.lines
    )
    return RefundInput(
        billing_date=facts.billing_date,
        requested_on=claim.requested_on,
        scenario=claim.scenario,
        invoice_finalized=facts.finalized,
        lines=lines,
        percent_off=facts.percent_off,
        is_first_bill_over_1=claim.is_first_bill_over_1,
        company_has_revenue=claim.company_has_revenue,
        is_hobby_project=claim.is_hobby_project,
        spike_ceased=claim.spike_ceased,
        mitigation=claim.mitigation,
        fraud_signals=claim.fraud_signals,
        something_off=claim.something_off,
        invoice_change_needed=claim.invoice_change_needed,
        overdue_invoices=facts.overdue_invoices,
        prior_incidents=facts.prior_incidents,
        prior_recommendations_actioned=claim.prior_recommendations_actioned,
        extraordinary_circumstances=claim.extraordinary_circumstances,
        recent_mrr=facts.recent_mrr,
    )


def refund_evaluate(
    *, invoice: Invoice, claim: Claim, facts: RefundFacts | None = None
) -> tuple[RefundFacts, RefundResult]:
    """The live checklist and calculator: reads, evaluates, writes nothing. `facts` already
    loaded for the claim's day are reused."""
    if facts is None or facts.requested_on != claim.requested_on:
        facts = refund_facts(invoice.pk, requested_on=claim.requested_on)
    return facts, evaluate_refund(refund_input(facts, claim))
