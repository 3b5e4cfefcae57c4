"""P-1…P-15, P-19: price a proposed credit purchase under one policy version.

One function, `price_quote`, serves the preview API, the quote builder and (later) order forms
(P-19, spec README "Stateless previews"). The evaluation order is P-11's and the first step that
applies decides (contracts.md decision 2): custom pricing, monthly billing, below the volume
floor, then the levers. Every lever applied or refused leaves a note naming its rule.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from .policy import HUNDRED, ZERO, PricingPolicy, cents, points

DEAL_TYPES = ("new", "monthly_to_annual", "renewal", "additional_purchase")
BILLINGS = ("upfront", "monthly")
COMPONENTS = ("volume", "commitment", "cash_timing", "forecast", "nonprofit", "self_serve")


@dataclass(frozen=True)
class QuoteInput:
    """The preview request (contracts.md), with P-19's defaults."""

    credit_amount: Decimal
    term_years: int
    deal_type: str
    prepaid_years: int = 1
    payment_terms_days: int = 30
    billing: str = "upfront"
    signing_date_committed: bool = False
    days_before_expiry: int | None = None
    on_active_credit_plan: bool = False
    nonprofit: bool = False
    self_serve: bool = False


@dataclass(frozen=True)
class Note:
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"


@dataclass(frozen=True)
class QuoteResult:
    credit_amount: Decimal
    components: dict[str, Decimal]  # COMPONENTS order, unfloored (RD-3)
    discount_pct: Decimal
    price: Decimal | None
    custom_pricing: bool
    notes: tuple[Note, ...]
    state: str  # "custom_pricing" | "monthly" | "below_volume" | "levers", for the page's label
    policy_version_id: int | None = None

    @property
    def within_policy(self) -> bool:
        return not self.custom_pricing  # P-19

    @property
    def discount_amount(self) -> Decimal | None:
        return None if self.price is None else cents(self.credit_amount - self.price)


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%" if value == value.to_integral_value() else f"{value:f}%"


def _zero() -> dict[str, Decimal]:
    return dict.fromkeys(COMPONENTS, Decimal("0.00"))


def _result(inp, components, notes, state, policy, *, custom=False) -> QuoteResult:
    components = {key: points(value) for key, value in components.items()}
    if custom:
        return QuoteResult(
            inp.credit_amount, components, Decimal("0.00"), None, True, tuple(notes), state, policy.version_id
        )
    total = points(max(ZERO, sum(components.values(), ZERO)))  # P-11 / RD-3: floored at 0
    price = cents(inp.credit_amount * (1 - total / HUNDRED))
    return QuoteResult(
        inp.credit_amount, components, total, price, False, tuple(notes), state, policy.version_id
    )


def price_quote(inp: QuoteInput, policy: PricingPolicy) -> QuoteResult:
    params = policy.parameters
    comps = _zero()
    notes: list[Note] = []
    tier = policy.tier_for(inp.credit_amount)

    # (1) P-11 / P-12: custom pricing comes before everything, monthly billing included.
    custom_amount = tier is not None and tier.discount_pct is None
    if custom_amount or inp.term_years >= params.custom_from_years:
        if custom_amount and tier is not None:
            notes.append(
                Note(
                    "P-2",
                    f"{money(inp.credit_amount)} is in the {tier.label or 'top'} tier: "
                    "contact us for custom pricing.",
                )
            )
        if inp.term_years >= params.custom_from_years:
            notes.append(
                Note(
                    "P-4",
                    f"{inp.term_years} years is {params.custom_from_years} years or more: custom pricing.",
                )
            )
        notes.append(
            Note(
                "P-12",
                "Custom pricing: no price is computed; signing needs an approved "
                "custom-pricing request (A-4).",
            )
        )
        return _result(inp, comps, notes, "custom_pricing", policy, custom=True)

    # (2) P-1 / P-7: monthly payers get no discount, irrespective of commitment.
    if inp.billing == "monthly":
        notes.append(
            Note(
                "P-1",
                "Monthly payment: 0%. We don't offer discounts to customers paying "
                "monthly, irrespective of commitment (P-7: upfront payment is "
                "required for every discounted contract).",
            )
        )
        return _result(inp, comps, notes, "monthly", policy)

    # (3) P-3: below the volume floor only P-15 (non-profit) or P-14 (self-serve) apply.
    floor = policy.volume_floor
    if inp.credit_amount < floor:
        if inp.nonprofit:
            comps["nonprofit"] = params.nonprofit_below_volume_pct
            notes.append(
                Note(
                    "P-15",
                    f"Non-profit below {money(floor)}: flat "
                    f"{_pct(params.nonprofit_below_volume_pct)} (instead of self-serve "
                    "or none).",
                )
            )
        elif inp.self_serve:
            comps["self_serve"] = params.selfserve_below_volume_pct
            notes.append(
                Note("P-14", f"Self-serve below {money(floor)}: {_pct(params.selfserve_below_volume_pct)}.")
            )
        else:
            notes.append(
                Note(
                    "P-3",
                    f"Below {money(floor)}: no discount. Customers must qualify for the "
                    "volume discount before receiving levers 2 to 4.",
                )
            )
        if inp.nonprofit or inp.self_serve:
            notes.append(
                Note(
                    "P-3", f"Below {money(floor)}: the length, cash-timing and forecast levers do not apply."
                )
            )
        return _result(inp, comps, notes, "below_volume", policy)

    # (4) the levers
    assert tier is not None and tier.discount_pct is not None  # contiguous tiers from the floor (V-4)
    comps["volume"] = tier.discount_pct
    notes.append(
        Note(
            "P-2",
            f"Volume: {money(inp.credit_amount)} is in the {tier.label} tier: {_pct(tier.discount_pct)}.",
        )
    )
    if inp.self_serve:
        _self_serve_levers(notes)
    else:
        _commitment(inp, policy, comps, notes)
        _cash_timing(inp, policy, comps, notes)
        _forecast(inp, policy, comps, notes)
    _nonprofit_band(inp, policy, comps, notes)
    return _result(inp, comps, notes, "levers", policy)


def _self_serve_levers(notes: list[Note]) -> None:
    """P-14 / RD-9 / contracts.md decision 4: at the volume floor and above, self-serve gets the
    volume tier (and the non-profit band) only; no signatory, term or terms negotiation."""
    for lever in ("length of commitment", "timing of cash", "forecast"):
        notes.append(Note("P-14", f"Self-serve: the {lever} lever does not apply."))


def _commitment(inp: QuoteInput, policy: PricingPolicy, comps, notes) -> None:
    """P-4 (not stacking) and P-5: no length lever on an additional purchase."""
    if inp.deal_type == "additional_purchase":
        notes.append(
            Note(
                "P-5",
                "Additional purchase: the length-of-commitment lever applies only to "
                "the initial order form's credit purchase.",
            )
        )
        return
    pct = policy.commitment_pct(inp.term_years)
    comps["commitment"] = pct
    if pct:
        notes.append(Note("P-4", f"{inp.term_years}-year commitment: +{_pct(pct)} (doesn't stack)."))
    else:
        notes.append(Note("P-4", f"{inp.term_years}-year commitment: no additional discount."))


def _cash_timing(inp: QuoteInput, policy: PricingPolicy, comps, notes) -> None:
    """P-6 / RD-4 / RD-5: +2.5 per additional year paid upfront; -2.5 per started 15 days beyond
    Net 30; Net below 30 earns nothing."""
    params = policy.parameters
    bonus = params.upfront_bonus_per_extra_year * (inp.prepaid_years - 1)
    extra_days = inp.payment_terms_days - params.standard_net_days
    blocks = math.ceil(extra_days / params.penalty_block_days) if extra_days > 0 else 0
    penalty = params.extended_penalty_per_block * blocks
    comps["cash_timing"] = bonus - penalty
    if bonus:
        notes.append(
            Note(
                "P-6",
                f"{inp.prepaid_years} years paid upfront: +{_pct(bonus)} "
                f"({_pct(params.upfront_bonus_per_extra_year)} per additional year).",
            )
        )
    if penalty:
        notes.append(
            Note(
                "P-6",
                f"Net {inp.payment_terms_days}: -{_pct(penalty)} "
                f"({_pct(params.extended_penalty_per_block)} for every "
                f"{params.penalty_block_days} days beyond Net {params.standard_net_days}).",
            )
        )
    if not bonus and not penalty:
        notes.append(
            Note("P-6", f"Net {inp.payment_terms_days}, one year paid upfront: no cash-timing discount.")
        )


def _forecast(inp: QuoteInput, policy: PricingPolicy, comps, notes) -> None:
    """P-8 (new, monthly-to-annual: a committed signature date) and P-9 (renewal: early, on credits)."""
    params = policy.parameters
    if inp.deal_type in ("new", "monthly_to_annual"):
        if inp.signing_date_committed:
            comps["forecast"] = params.forecast_new_pct
            notes.append(
                Note(
                    "P-8",
                    f"Committed signature date: +{_pct(params.forecast_new_pct)}, "
                    "one-time; needs written confirmation from the signer.",
                )
            )
        else:
            notes.append(Note("P-8", "No mutually agreed signature date: no forecast discount."))
    elif inp.deal_type == "renewal":
        early = inp.days_before_expiry is not None and inp.days_before_expiry >= params.early_renewal_min_days
        if early and inp.on_active_credit_plan:
            comps["forecast"] = params.early_renewal_pct
            notes.append(
                Note(
                    "P-9",
                    f"Early renewal, {inp.days_before_expiry} days before expiry on an "
                    f"active credit plan: +{_pct(params.early_renewal_pct)}.",
                )
            )
        elif early:
            notes.append(
                Note(
                    "P-9",
                    "Not on an active prepaid credit plan at signing: a re-entry into "
                    "a credit plan, not an early renewal: no forecast discount.",
                )
            )
        else:
            notes.append(
                Note(
                    "P-9",
                    f"Renewal signed fewer than {params.early_renewal_min_days} days "
                    "before expiry (or not known): no early-renewal discount.",
                )
            )
    else:
        notes.append(
            Note(
                "P-8",
                "Additional purchase: the forecast discount is one-time, once per "
                "net-new or conversion cycle: not applied.",
            )
        )
        notes.append(
            Note(
                "RD-10",
                "The preview keys the tier on this credit amount alone: it has no "
                "parent form, so the parent's tier and upfront bonus are not applied.",
            )
        )


def _nonprofit_band(inp: QuoteInput, policy: PricingPolicy, comps, notes) -> None:
    """P-15 / RD-8: +5 on top of the volume tier from 25,000 to 100,000 inclusive; none above."""
    if not inp.nonprofit:
        return
    params = policy.parameters
    if params.nonprofit_band_min <= inp.credit_amount <= params.nonprofit_band_max:
        comps["nonprofit"] = params.nonprofit_band_extra_pct
        notes.append(
            Note(
                "P-15",
                f"Non-profit from {money(params.nonprofit_band_min)} to "
                f"{money(params.nonprofit_band_max)}: +{_pct(params.nonprofit_band_extra_pct)}.",
            )
        )
    else:
        notes.append(
            Note(
                "P-15",
                f"Non-profit above {money(params.nonprofit_band_max)}: standard volume "
                "discounts apply, no additional non-profit discount.",
            )
        )
