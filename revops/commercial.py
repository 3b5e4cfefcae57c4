"""The account facts pricing reads, set up for the engine (self-serve P-13, startup roll-off P-17,
first half O-5, early renewal P-9): billing's through `billing.selectors`, account fields direct."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .engine import (
    PricingPolicy,
    SelfServeEligibility,
    SelfServeFacts,
    self_serve_eligibility,
    startup_offer_window,
)


@dataclass(frozen=True)
class CommercialPicture:
    self_serve: SelfServeEligibility
    usage_history: list[Decimal]  # up to six invoice totals, oldest first
    legacy_discount: bool
    on_startup_plan: bool
    startup_offer_until: date | None
    first_half_end: date | None
    contract_end: date | None  # inclusive
    early_renewal_deadline: date | None
    active_purchase: dict | None
    nonprofit: object | None  # the latest NonprofitVerification, if any (P-15)

    @property
    def nonprofit_verified(self) -> bool:
        return getattr(self.nonprofit, "status", None) == "verified"


def commercial_picture(account, policy: PricingPolicy) -> CommercialPicture:
    from billing.selectors import pricing_facts

    from .models import NonprofitVerification

    facts = pricing_facts(account.pk)
    paid = tuple(total for _, total, status in facts["invoices"] if status == "paid")
    startup = bool(account.is_startup_plan_customer) or account.plan in ("startup", "yc")
    eligibility = self_serve_eligibility(
        SelfServeFacts(
            paid,
            facts["open_invoices"],
            startup,
            facts["legacy_discount"],
            facts["has_credits"] or (account.stripe_balance or 0) < 0,
        ),
        policy.parameters,
    )
    history = [total for _, total, _ in facts["invoices"][:6]][::-1]
    offer = None
    if startup and account.credit_expires_at:
        anchor = account.current_period_end
        offer = startup_offer_window(credit_expires_at=account.credit_expires_at, billing_anchor=anchor)
    purchase = facts["active_purchase"]
    end = purchase["end_date"] - timedelta(days=1) if purchase else None
    early = (
        (purchase["end_date"] - timedelta(days=policy.parameters.early_renewal_min_days))
        if purchase
        else None
    )
    return CommercialPicture(
        self_serve=eligibility,
        usage_history=history,
        legacy_discount=facts["legacy_discount"],
        on_startup_plan=startup,
        startup_offer_until=offer,
        first_half_end=purchase["first_half_end"] if purchase else None,
        contract_end=end,
        early_renewal_deadline=early,
        active_purchase=purchase,
        nonprofit=NonprofitVerification.objects.filter(account=account).select_related("verified_by").first(),
    )
