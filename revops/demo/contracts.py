"""Order forms and the opportunities behind them (revops.md O-1…O-15).

The original form carries the story's CreditPlan exactly (credit amount, discount, price, term,
dates) and links the billing CreditPurchase written from the same plan. It is `active` while
the term runs and `expired` after it: the stories never renew, so the account rolls onto
monthly (O-9). Around it: the renewal when it falls within six months of as-of (open and
priced, or lost after expiry), a voided first-half top-up where credits ran out early (O-5),
and monthly-to-annual conversions still in the pipeline for big monthly accounts.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.demo.story import AccountStory, money
from accounts.engine.calendar import add_months

from .pricing import FORECAST, policy
from .records import Form, Records, at, end_of_term, party

RENEWAL_WINDOW_DAYS = 183  # "renewal within 6 months", either side of as-of
LOST_RENEWAL = ("not_budgeted", "already_in_house_or_other_tool", "no_time_or_resources", "other")
LOST_CONVERSION = ("not_budgeted", "champion_not_decision_maker", "no_time_or_resources", "unresponsive")


@dataclass(frozen=True)
class Purchase:
    """The billing CreditPurchase written from the same CreditPlan."""

    id: int
    billing: str
    prepaid_years: int
    salesforce_opportunity_id: str


def _person(ctx, story: AccountStory, rng: random.Random, role: str) -> int | None:
    people = {"tam": ctx.cast.tams_by_region, "tae": ctx.cast.taes_by_region}[role].get(story.region, [])
    return rng.choice(people) if people else None


def _pricing_flags(form: Form, rec: Records) -> None:
    if form.custom_pricing:
        rec.keys.add("P-12:custom_pricing")
    elif not form.within_policy and form.billing == "upfront":
        rec.keys.add("revops.A-1:out_of_policy")
    if form.billing == "monthly" and (form.discount_pct or 0) > 0:
        rec.keys.add("revops.A-8:monthly_with_discount")
    if not form.counts_toward_quota:
        rec.keys.add("Q-11:not_counting_toward_quota")
    if form.payment_method == "credit_card" and form.billing == "upfront":
        rec.keys.add("O-13:card_upfront")
    if form.governing_terms == "msa":
        rec.keys.add("O-14:msa")


def contract(rec: Records, ctx, story: AccountStory, alloc, purchase: Purchase | None, rng) -> None:
    plan = story.credit
    if plan is None:
        return
    start = rec.month_starts[plan.start_month]
    converted = plan.start_month > story.first_month
    if converted:
        record, kind = "existing_convert_to_annual", "monthly_to_annual"
        activation = rng.choice(["next_billing_cycle", "immediate_activation"])
        owner = alloc.owner_id or _person(ctx, story, rng, "tam")
    else:  # a TAE's initial deal (QD-32)
        record, kind, activation = "new_revenue", "new", "new_customer_start"
        owner = alloc.account_executive_id or _person(ctx, story, rng, "tae")
    signed = start - timedelta(days=rng.randint(2, 20))
    created = signed - timedelta(days=rng.randint(30, 90))
    opportunity = rec.opportunity(
        story, record_type=record, stage="closed_won", owner=owner, created=at(created),
        expected_close=signed, closed=at(signed, 15),
        salesforce_id=purchase.salesforce_opportunity_id if purchase else "",
    )
    billing = purchase.billing if purchase else (
        "monthly" if story.configuration == "ENTERPRISE_AMORTIZED_CREDIT" else "upfront")
    terms = 30 if billing == "monthly" else rng.choice([30, 30, 30, 30, 30, 30, 0, 45, 60])
    card = billing == "monthly" or (terms == 0 and rng.random() < 0.5)  # O-13 (A-5 acknowledged)
    committed = rng.random() < 0.5  # a mutually agreed signature date (P-8)
    priced = policy(plan.credit_amount, billing=billing, payment_terms_days=terms, forecast=committed)
    within = priced.discount_pct is not None and plan.discount_percent <= priced.discount_pct
    # Out of policy counts only with its approval (A-1, A-4, A-8); a skipped one is Q-11's case.
    counts = within or billing == "monthly" or priced.custom or rng.random() < 0.6
    end = end_of_term(start, plan.term_months)
    expired = end < ctx.as_of
    msa = plan.credit_amount >= 80_000 and rng.random() < 0.4
    form_id = rec.form_id()
    form = Form(
        id=form_id, account_id=story.account_id, opportunity_id=opportunity, kind=kind, parent_id=None,
        **party(story, form_id, start), posthog_signer_id=owner, credit_amount=plan.credit_amount,
        effective_date=start, end_date=end, activation_mode=activation,
        status="expired" if expired else "active", created_at=at(created + timedelta(days=5)),
        term_months=plan.term_months, prepaid_years=purchase.prepaid_years if purchase else 1,
        billing=billing, payment_terms_days=terms, payment_method="credit_card" if card else "bank_transfer",
        components=priced.components, policy_discount_pct=priced.discount_pct,
        discount_pct=plan.discount_percent, price=plan.price,
        annual_price=money(plan.price * 12 / plan.term_months), custom_pricing=priced.custom,
        within_policy=within, counts_toward_quota=counts, governing_terms="msa" if msa else "standard_terms",
        msa_execution_date=signed - timedelta(days=rng.randint(30, 300)) if msa else None,
        enterprise_plan_line=story.tier == "top", client_signed_at=at(signed - timedelta(days=1), 16),
        completed_at=at(signed, 11), closed_won_at=at(signed, 15), activated_at=at(start, 9),
        credit_purchase_id=purchase.id if purchase else None,
        updated_at=at(end + timedelta(days=1), 1) if expired else None,
    )
    rec.add_form(form)
    _pricing_flags(form, rec)
    if expired:
        rec.keys.add("O-9:expired_not_renewed")
    if abs((end + timedelta(days=1) - ctx.as_of).days) <= RENEWAL_WINDOW_DAYS:
        _renewal(rec, ctx, story, form, alloc.owner_id or owner, rng)
    if plan.outcome == "early":
        _top_up(rec, ctx, story, form, owner, rng)


def _renewal(rec: Records, ctx, story: AccountStory, parent: Form, owner: int | None, rng) -> None:
    """The renewal opportunity and, once it is being priced, its form (O-8, O-9, P-9)."""
    as_of = ctx.as_of
    renews_on = parent.end_date + timedelta(days=1)
    days_left = (renews_on - as_of).days
    growth = Decimal(str(round(rng.uniform(1.0, 1.3), 2)))
    credit = money(parent.credit_amount * growth).quantize(Decimal("1"))
    if days_left <= 0 and (days_left < -60 or rng.random() < 0.5):
        created = renews_on - timedelta(days=rng.randint(100, 150))
        closed = at(renews_on + timedelta(days=rng.randint(0, min(20, -days_left))), 14)
        opportunity = rec.opportunity(
            story, record_type="renewal", stage="closed_lost", owner=owner, created=at(created),
            expected_close=renews_on - timedelta(days=1), closed=closed,
            lost_reason=rng.choice(LOST_RENEWAL),
            lost_note="Credits expired; the customer stays on monthly pay-as-you-go (O-9).",
        )
        if rng.random() < 0.5:
            _form(rec, ctx, story, parent, opportunity, "renewal", credit, renews_on, owner,
                  created + timedelta(days=10), "void", rng, voided=closed, forecast=False)
        return
    late_stages = ["pending_approval", "ready", "sent", "client_signed", "completed"]
    if days_left > 0:
        stage = ("qualification" if days_left > 120 else "meeting_booked" if days_left > 75
                 else "product_evaluation" if days_left > 40 else "commercial_legal_review")
        created = min(as_of - timedelta(days=1), renews_on - timedelta(days=rng.randint(120, 170)))
        expected = renews_on - timedelta(days=1)
    else:  # expired lately and negotiating a re-entry: no early-renewal +5 (P-9)
        stage = rng.choice(["meeting_booked", "product_evaluation", "commercial_legal_review"])
        created = renews_on - timedelta(days=rng.randint(90, 130))
        expected = as_of + timedelta(days=rng.randint(7, 45))
        late_stages = late_stages[:3]
    opportunity = rec.opportunity(story, record_type="renewal", stage=stage, owner=owner, created=at(created),
                                  expected_close=expected)
    statuses = {"product_evaluation": ["draft", None], "commercial_legal_review": late_stages}
    status = rng.choice(statuses.get(stage, [None]))
    if status is None:
        return
    on_plan = bool(story.credit_left) and story.credit_left[-1] > 0
    form_created = min(as_of, created + timedelta(days=rng.randint(5, 20)))
    _form(rec, ctx, story, parent, opportunity, "renewal", credit, renews_on, owner, form_created, status,
          rng, forecast=on_plan and days_left >= 60)
    if on_plan and days_left >= 60:
        rec.keys.add("P-9:early_renewal")


def _top_up(rec: Records, ctx, story: AccountStory, parent: Form, owner: int | None, rng) -> None:
    """O-5: more credits in the first half, co-terminous with the original; most are voided."""
    created = add_months(parent.effective_date, rng.randint(2, 5)) + timedelta(days=rng.randint(0, 20))
    if created > ctx.as_of:
        return
    credit = (parent.credit_amount * Decimal("0.3")).quantize(Decimal("1"))
    start = add_months(created.replace(day=1), 1)
    in_progress = parent.status == "active" and created + timedelta(days=30) > ctx.as_of
    voided = min(ctx.as_of, created + timedelta(days=rng.randint(10, 30)))
    opportunity = rec.opportunity(
        story, record_type="new_revenue_existing_customer",
        stage="commercial_agreement" if in_progress else "closed_lost", owner=owner, created=at(created),
        expected_close=created + timedelta(days=30), closed=None if in_progress else at(voided, 12),
        lost_reason="" if in_progress else "not_budgeted",
        lost_note="" if in_progress else "Chose to pay usage beyond the credits monthly instead.",
    )
    _form(rec, ctx, story, parent, opportunity, "additional_purchase", credit, start, owner, created,
          "draft" if in_progress else "void", rng, voided=None if in_progress else at(voided, 12),
          forecast=False, end=parent.end_date, volume_on=parent.credit_amount + credit)
    rec.keys.add("O-5:first_half_top_up")


def _form(rec: Records, ctx, story: AccountStory, parent: Form | None, opportunity: int, kind: str,
          credit: Decimal, start: date, owner: int | None, created: date, status: str, rng, *,
          forecast: bool, voided=None, end: date | None = None, volume_on: Decimal | None = None) -> None:
    """A form somewhere in O-15's pipeline: drafted, in approval, sent, signed, or voided."""
    billing = parent.billing if parent else "upfront"
    priced = policy(volume_on or credit, billing=billing, payment_terms_days=30, forecast=forecast)
    discount = priced.discount_pct
    if discount is None:  # custom pricing: the predecessor's negotiated discount carries over
        discount = parent.discount_pct if parent and parent.discount_pct is not None else Decimal("0")
    if status == "pending_approval":  # asks for more than policy gives
        discount += FORECAST
    end = end or end_of_term(start, 12)
    term = (end.year - start.year) * 12 + end.month - start.month + 1
    price = money(credit * (100 - discount) / 100)
    form_id = rec.form_id()
    details = party(story, form_id, start)
    sent = status in ("sent", "client_signed", "completed") or (status == "void" and rng.random() < 0.5)
    if not sent:
        details["document_link"] = ""
    form = Form(
        id=form_id, account_id=story.account_id, opportunity_id=opportunity, kind=kind,
        parent_id=parent.id if parent else None, **details, posthog_signer_id=owner, credit_amount=credit,
        effective_date=start, end_date=end,
        activation_mode="immediate_activation" if kind == "additional_purchase" else "next_billing_cycle",
        status=status, created_at=at(created, 11), term_months=term, billing=billing,
        payment_method="credit_card" if billing == "monthly" else "bank_transfer",
        components=priced.components, policy_discount_pct=priced.discount_pct, discount_pct=discount,
        price=price, annual_price=money(price * 12 / term), custom_pricing=priced.custom,
        within_policy=status != "pending_approval" and not priced.custom,
        counts_toward_quota=status != "pending_approval", enterprise_plan_line=story.tier == "top",
        voided_at=voided, void_reason="Replaced by monthly billing; the customer did not sign."
        if status == "void" else "",
    )
    signed_on = min(ctx.as_of, created + timedelta(days=rng.randint(3, 15)))
    if status in ("client_signed", "completed"):
        form.client_signed_at = at(signed_on, 16)
    if status == "completed":
        form.completed_at = at(signed_on, 18)
    rec.add_form(form)
    _pricing_flags(form, rec)


def conversion(rec: Records, ctx, story: AccountStory, alloc, arr: Decimal, rng) -> None:
    """Existing - Convert to Annual for a monthly account over $20k ARR, still in the pipeline."""
    owner = alloc.owner_id or _person(ctx, story, rng, "tam")
    stage = rng.choices(
        ["problem_agreement", "solution_agreement", "priority_agreement", "commercial_agreement",
         "vendor_approval", "closed_lost"], weights=[3, 3, 2, 2, 1, 3])[0]
    first = rec.month_starts[story.first_month]
    if stage == "closed_lost":
        created = max(first, ctx.as_of - timedelta(days=rng.randint(120, 400)))
        closed = at(min(ctx.as_of, created + timedelta(days=rng.randint(30, 90))), 13)
    else:
        created, closed = max(first, ctx.as_of - timedelta(days=rng.randint(10, 120))), None
    opportunity = rec.opportunity(
        story, record_type="existing_convert_to_annual", stage=stage, owner=owner, created=at(created),
        expected_close=created + timedelta(days=90), closed=closed,
        lost_reason=rng.choice(LOST_CONVERSION) if closed else "",
        lost_note="Prefers the flexibility of monthly billing (P-1: no monthly discount)." if closed else "",
    )
    status = {"commercial_agreement": rng.choice(["draft", "pending_approval", "ready"]),
              "vendor_approval": rng.choice(["sent", "client_signed"])}.get(stage)
    if closed and rng.random() < 0.3:
        status = "void"
    if status is None:
        return
    credit = (arr * Decimal(str(round(rng.uniform(0.9, 1.2), 2)))).quantize(Decimal("1000"))
    start = add_months(ctx.as_of.replace(day=1), 1)  # Next Billing Cycle (O-2)
    voided = closed if status == "void" else None
    form_created = min(ctx.as_of, created + timedelta(days=rng.randint(5, 25)))
    _form(rec, ctx, story, None, opportunity, "monthly_to_annual", credit, start, owner, form_created, status,
          rng, forecast=rng.random() < 0.5, voided=voided)
