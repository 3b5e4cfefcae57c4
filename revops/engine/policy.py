"""The discount policy the pricing engine reads (revops.md V-1…V-5), and V-4's validation.

A policy is plain data: the volume tiers (P-2), the commitment rules (P-4) and the parameters of
revops.md's DiscountPolicyVersion. `HANDBOOK_POLICY` holds the handbook's values; the database
versions are seeded from the same numbers and handed to the engine as this dataclass.
"""

from dataclasses import dataclass, field, fields, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def cents(amount: Decimal) -> Decimal:
    """Half-up to cents; never a negative zero (ARCHITECTURE Conventions)."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal("0.00") if rounded == 0 else rounded


def points(value: Decimal) -> Decimal:
    """Percentage points, two places, never a negative zero (jsonb and floats drop the sign)."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal("0.00") if rounded == 0 else rounded


@dataclass(frozen=True)
class VolumeTier:
    """P-2: [min_credit, max_credit) → discount_pct; max None = open; pct None = custom pricing."""

    min_credit: Decimal
    max_credit: Decimal | None
    discount_pct: Decimal | None
    label: str = ""

    def contains(self, amount: Decimal) -> bool:
        return amount >= self.min_credit and (self.max_credit is None or amount < self.max_credit)


@dataclass(frozen=True)
class CommitmentRule:
    """P-4: a contract of `years` years earns `discount_pct` points (not stacking)."""

    years: int
    discount_pct: Decimal


@dataclass(frozen=True)
class PolicyParameters:
    """DiscountPolicyVersion's parameters with revops.md's defaults (the handbook's numbers)."""

    custom_from_years: int = 4  # P-4: "4-years or more: Contact us for custom pricing"
    # cash timing (P-6)
    standard_net_days: int = 30
    upfront_bonus_per_extra_year: Decimal = Decimal("2.5")
    extended_penalty_per_block: Decimal = Decimal("2.5")
    penalty_block_days: int = 15
    # forecast (P-8, P-9)
    forecast_new_pct: Decimal = Decimal("5")
    early_renewal_pct: Decimal = Decimal("5")
    early_renewal_min_days: int = 60
    # self-serve (P-13, P-14)
    selfserve_min_paid_invoices: int = 3
    selfserve_min_avg_last3: Decimal = Decimal("280.00")
    selfserve_below_volume_pct: Decimal = Decimal("10")
    selfserve_tranches: int = 12
    selfserve_tranche_expiry_months: int = 12
    # non-profit (P-15)
    nonprofit_below_volume_pct: Decimal = Decimal("15")
    nonprofit_band_min: Decimal = Decimal("25000.00")
    nonprofit_band_max: Decimal = Decimal("100000.00")
    nonprofit_band_extra_pct: Decimal = Decimal("5")
    # deals (P-17, O-5, O-7, O-8, O-10, O-11, O-12)
    startup_free_fraction: Decimal = Decimal("1") / Decimal("6")
    buyout_max_months: int = 6
    buyout_min_annual: Decimal = Decimal("20000.00")
    nb_renewal_target_pct: Decimal = Decimal("40")
    rollover_max_fraction: Decimal = Decimal("0.5")
    first_half_fraction: Decimal = Decimal("0.5")
    bridge_months: int = 2
    sla_min_arr: Decimal = Decimal("100000.00")
    # legal (O-14)
    legal_min_annual: Decimal = Decimal("20000.00")
    customer_paper_min: Decimal = Decimal("200000.00")
    custom_baa_min: Decimal = Decimal("20000.00")


PARAMETER_NAMES: tuple[str, ...] = tuple(f.name for f in fields(PolicyParameters))
INTEGER_PARAMETERS = frozenset(f.name for f in fields(PolicyParameters) if f.type in (int, "int"))


def parameters_from_mapping(raw: dict) -> PolicyParameters:
    """Stored parameters (strings) → typed; missing keys keep the default (a later version may add
    one). Assumes `validate_parameters` passed."""
    values: dict[str, Any] = {}
    for name in PARAMETER_NAMES:
        if name in raw and raw[name] not in (None, ""):
            values[name] = int(raw[name]) if name in INTEGER_PARAMETERS else Decimal(str(raw[name]))
    return replace(PolicyParameters(), **values)


def parameters_as_mapping(params: PolicyParameters) -> dict[str, str]:
    return {name: str(getattr(params, name)) for name in PARAMETER_NAMES}


@dataclass(frozen=True)
class PricingPolicy:
    tiers: tuple[VolumeTier, ...]
    commitment: tuple[CommitmentRule, ...]
    parameters: PolicyParameters = field(default_factory=PolicyParameters)
    version_id: int | None = None  # the DiscountPolicyVersion it came from, for the explanation

    @property
    def volume_floor(self) -> Decimal:
        """P-3: the first tier's lower bound (25,000): below it no sales-led discount."""
        return self.tiers[0].min_credit

    def tier_for(self, amount: Decimal) -> VolumeTier | None:
        return next((tier for tier in self.tiers if tier.contains(amount)), None)

    def commitment_pct(self, years: int) -> Decimal:
        return next((rule.discount_pct for rule in self.commitment if rule.years == years), ZERO)


def _d(text: str) -> Decimal:
    return Decimal(text)


# P-2 and P-4 as the handbook writes them; half-open tiers (RD-1), the open top tier custom.
HANDBOOK_POLICY = PricingPolicy(
    tiers=(
        VolumeTier(_d("25000"), _d("60000"), _d("20"), "$25-59k"),
        VolumeTier(_d("60000"), _d("100000"), _d("25"), "$60-99k"),
        VolumeTier(_d("100000"), _d("250000"), _d("30"), "$100-249k"),
        VolumeTier(_d("250000"), _d("500000"), _d("35"), "$250-499k"),
        VolumeTier(_d("500000"), _d("1000000"), _d("40"), "$500-999k"),
        VolumeTier(_d("1000000"), None, None, "$1M+: contact us for custom pricing"),
    ),
    commitment=(
        CommitmentRule(1, _d("0")),
        CommitmentRule(2, _d("3")),
        CommitmentRule(3, _d("5")),
    ),
)


# --- V-4: validation before publish; every error names its row and field -------------------


@dataclass(frozen=True)
class PolicyError:
    section: str  # "tiers" | "commitment" | "parameters"
    row: int | None  # 1-based row of the grid; None for a parameter
    field: str
    message: str

    def __str__(self) -> str:
        where = (
            f"{self.section} row {self.row}, {self.field}" if self.row else f"{self.section}, {self.field}"
        )
        return f"{where}: {self.message}"


def _pct_ok(value: Decimal) -> bool:
    return ZERO <= value <= HUNDRED and value == value.quantize(CENT)


def validate_tiers(tiers: tuple[VolumeTier, ...]) -> list[PolicyError]:
    """V-4: contiguous from the first min, no gaps or overlaps, ascending, one open top tier
    carrying null pct (custom pricing), pct within 0-100 with at most two places."""
    errors: list[PolicyError] = []
    if not tiers:
        return [PolicyError("tiers", 1, "min_credit", "At least one volume tier is needed.")]
    for row, tier in enumerate(tiers, start=1):
        if tier.min_credit < 0:
            errors.append(PolicyError("tiers", row, "min_credit", "Cannot be negative."))
        if tier.max_credit is not None and tier.max_credit <= tier.min_credit:
            errors.append(PolicyError("tiers", row, "max_credit", "Must be above this row's min_credit."))
        if tier.discount_pct is not None and not _pct_ok(tier.discount_pct):
            errors.append(
                PolicyError(
                    "tiers", row, "discount_pct", "Must be between 0 and 100 with at most two decimals."
                )
            )
        last = row == len(tiers)
        if not last:
            if tier.max_credit is None:
                errors.append(
                    PolicyError(
                        "tiers", row, "max_credit", "Only the top tier may be open (empty max_credit)."
                    )
                )
                continue
            following = tiers[row]
            if following.min_credit > tier.max_credit:
                errors.append(
                    PolicyError(
                        "tiers",
                        row + 1,
                        "min_credit",
                        f"Gap: row {row} ends at {tier.max_credit} but row {row + 1} starts at "
                        f"{following.min_credit}.",
                    )
                )
            elif following.min_credit < tier.max_credit:
                errors.append(
                    PolicyError(
                        "tiers",
                        row + 1,
                        "min_credit",
                        f"Overlap: row {row + 1} starts at {following.min_credit}, before row {row} ends "
                        f"at {tier.max_credit}.",
                    )
                )
            if tier.discount_pct is None:
                errors.append(
                    PolicyError(
                        "tiers", row, "discount_pct", "Only the open top tier is custom pricing (empty pct)."
                    )
                )
        else:
            if tier.max_credit is not None:
                errors.append(
                    PolicyError("tiers", row, "max_credit", "The top tier is open: leave max_credit empty.")
                )
            if tier.discount_pct is not None:
                errors.append(
                    PolicyError(
                        "tiers",
                        row,
                        "discount_pct",
                        "The open top tier is custom pricing: leave the pct empty.",
                    )
                )
    return errors


def validate_commitment(rules: tuple[CommitmentRule, ...], custom_from_years: int) -> list[PolicyError]:
    errors: list[PolicyError] = []
    seen: set[int] = set()
    for row, rule in enumerate(rules, start=1):
        if rule.years < 1:
            errors.append(PolicyError("commitment", row, "years", "Must be 1 or more."))
        elif rule.years in seen:
            errors.append(PolicyError("commitment", row, "years", f"{rule.years} years appears twice."))
        elif rule.years >= custom_from_years:
            errors.append(
                PolicyError(
                    "commitment", row, "years", f"From {custom_from_years} years the price is custom."
                )
            )
        seen.add(rule.years)
        if not _pct_ok(rule.discount_pct):
            errors.append(
                PolicyError(
                    "commitment", row, "discount_pct", "Must be between 0 and 100 with at most two decimals."
                )
            )
    return errors


def validate_parameters(raw: dict) -> list[PolicyError]:
    """Parameters are numbers ≥ 0 (integers where the field is a count of days, months, years)."""
    errors: list[PolicyError] = []
    unknown = sorted(set(raw) - set(PARAMETER_NAMES))
    for name in unknown:
        errors.append(PolicyError("parameters", None, name, "Unknown parameter."))
    for name in PARAMETER_NAMES:
        if name not in raw:
            continue
        text = str(raw[name]).strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append(PolicyError("parameters", None, name, "Must be a number."))
            continue
        if not value.is_finite() or value < 0:
            errors.append(PolicyError("parameters", None, name, "Must be a number ≥ 0."))
        elif name in INTEGER_PARAMETERS and value != value.to_integral_value():
            errors.append(PolicyError("parameters", None, name, "Must be a whole number."))
    if not errors and int(Decimal(str(raw.get("custom_from_years", 4)))) < 1:
        errors.append(PolicyError("parameters", None, "custom_from_years", "Must be 1 or more."))
    return errors


def validate_policy(
    tiers: tuple[VolumeTier, ...], commitment: tuple[CommitmentRule, ...], raw_parameters: dict
) -> list[PolicyError]:
    """V-4, everything at once, so the editor shows every problem in one pass."""
    errors = validate_tiers(tiers) + validate_parameters(raw_parameters)
    custom_from = PolicyParameters.custom_from_years
    if not any(e.section == "parameters" for e in errors) and "custom_from_years" in raw_parameters:
        custom_from = int(Decimal(str(raw_parameters["custom_from_years"])))
    return errors + validate_commitment(commitment, custom_from)
