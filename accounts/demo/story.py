"""Each demo account's story, decided before any row is written (pure: no Django, no clock).

A story fixes who the customer is, how it bills, which products it adopted in which order
(the handbook's adoption paths, seed 002/003), and what it paid each month. Every app's demo
module renders its rows from the same story, so invoices, usage, commercial fields and books
agree by construction. One RNG per account, seeded by (seed, account index), makes a story
independent of chunking and of the database.
"""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .vocabulary import (
    ADOPTION_PATHS,
    BUSINESS_TYPES,
    CENT,
    COUNTRIES,
    NAME_LEFT,
    NAME_RIGHT,
    SIZE_TIERS,
    SPEND_WEIGHT,
    STAGES,
    TEAMS_ADDON_MONTHLY,
    TRAJECTORIES,
    USE_CASE_WEIGHTS,
)


def money(value: Decimal | float | int) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def month_starts(as_of: date, months: int) -> list[date]:
    """The `months` full calendar months before as_of's month, oldest first."""
    year, month = as_of.year, as_of.month
    out = []
    for _ in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(date(year, month, 1))
    return out[::-1]


@dataclass(frozen=True)
class CreditPlan:
    """An annual prepaid purchase: credits bought at a discount, burnt by usage."""

    start_month: int  # month index the term starts
    term_months: int
    credit_amount: Decimal  # before discount
    discount_percent: Decimal
    price: Decimal  # what the customer pays
    outcome: str  # runs out "early", "late" or "never" (credits left at expiry)


@dataclass
class AccountStory:
    index: int
    account_id: int
    org_id: str
    name: str
    region: str
    country: str
    business_type: str
    business_model: str
    stage: str
    employee_count: int
    tier: str
    configuration: str
    trajectory: str
    use_case: str
    adopted: list[tuple[str, int]]  # (product key, month index first used), in adoption order
    first_month: int  # first month with any usage
    churn_month: int | None  # first month with no usage after churning
    lines: list[dict[str, Decimal]]  # per month index: product key → invoiced amount
    credit: CreditPlan | None = None
    startup_credit: Decimal | None = None
    # The credit ledger, month by month: credits applied to that month's usage invoice, and
    # what is left after it (0 once expired). Empty lists when the account never had credits.
    credits_applied: list[Decimal] = field(default_factory=list)
    credit_left: list[Decimal] = field(default_factory=list)
    credit_start_month: int | None = None
    credit_end_month: int | None = None  # first month the credits no longer apply (expiry)
    tags: set[str] = field(default_factory=set)

    def monthly_total(self, month: int) -> Decimal:
        return sum(self.lines[month].values(), Decimal("0"))

    @property
    def last_full_month_total(self) -> Decimal:
        return self.monthly_total(len(self.lines) - 1)

    @property
    def paying(self) -> bool:
        return self.configuration != "FREE" and self.churn_month is None

    def products_in(self, month: int) -> list[str]:
        if self.churn_month is not None and month >= self.churn_month:
            return []
        return [key for key, start in self.adopted if start <= month]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def spend_curve(rng: random.Random, trajectory: str, months: int, first: int) -> list[float]:
    """Spend multiplier per month; 0 before the first month."""
    values = []
    spike_at = rng.randrange(max(first, months - 9), months) if trajectory == "spiky" else -1
    decline_from = months - rng.randint(4, 8)
    for m in range(months):
        if m < first:
            values.append(0.0)
            continue
        age = m - first
        level = 1.0 + 0.015 * age
        if trajectory == "growing":
            level = 1.0 + 0.06 * age
        elif trajectory == "declining" and m >= decline_from:
            level *= 0.84 ** (m - decline_from + 1)
        elif trajectory == "seasonal":
            level *= 1.0 + (0.45 if m % 12 in (10, 11) else 0.0) - (0.2 if m % 12 in (0, 1) else 0.0)
        if m == spike_at:
            level *= rng.uniform(3.0, 5.0)
        values.append(level * rng.uniform(0.94, 1.06))
    return values


WWDB_REVIEW_EVERY, WWDB_REVIEW_AT = 97, 41  # one account in 97 screened for legal review


def build_story(*, seed: int, index: int, as_of: date, months: int = 24) -> AccountStory:
    rng = random.Random(f"tambook-demo:{seed}:{index}")
    region = "EU" if rng.random() < 0.35 else "US"
    tier = _pick(rng, {k: v[0] for k, v in SIZE_TIERS.items()})
    _, low, high = SIZE_TIERS[tier]
    base = rng.uniform(low, high)
    use_case = _pick(rng, USE_CASE_WEIGHTS)
    trajectory = rng.choices(TRAJECTORIES, weights=[24, 34, 12, 8, 6, 8, 8])[0]
    first = rng.randrange(months - 5, months) if trajectory == "new" else rng.randrange(0, months // 2)
    churn = rng.randrange(months - 12, months) if trajectory == "churned" else None
    if churn is not None and churn <= first + 1:
        churn = min(months - 1, first + 3)

    configuration = "FREE" if tier == "small" and rng.random() < 0.3 else "PAID"
    if configuration == "PAID":
        roll = rng.random()
        if tier in ("large", "top") and roll < 0.45:
            configuration = "ENTERPRISE_YEARLY_CREDIT" if roll < 0.33 else "ENTERPRISE_AMORTIZED_CREDIT"
        elif tier in ("small", "mid") and roll < 0.12:
            configuration = "STARTUP"
        elif roll > 0.97:
            configuration = "LEGACY"

    path = list(ADOPTION_PATHS[use_case])
    breadth = {"small": (1, 3), "mid": (2, 4), "large": (3, 6), "top": (4, 7)}[tier]
    depth = min(len(path), rng.randint(*breadth))
    adopted: list[tuple[str, int]] = []
    month = first
    for key in path[:depth]:
        adopted.append((key, month))
        month = min(months - 1, month + rng.randint(1, 5))
    if rng.random() < 0.3:
        adopted.append(("group_analytics", min(months - 1, first + rng.randint(2, 10))))
    if tier in ("large", "top") and rng.random() < 0.5:
        adopted.append(("teams_addon", first))
    if rng.random() < 0.15:
        adopted.append(("posthog_ai", min(months - 1, first + rng.randint(3, 12))))

    curve = spend_curve(rng, trajectory, months, first)
    weights = {key: SPEND_WEIGHT[key] for key, _ in adopted if key in SPEND_WEIGHT}
    total_weight = sum(weights.values(), Decimal("0")) or Decimal("1")
    lines: list[dict[str, Decimal]] = []
    for m in range(months):
        row: dict[str, Decimal] = {}
        live = churn is None or m < churn
        if configuration != "FREE" and live:
            for key, start in adopted:
                if start > m:
                    continue
                if key == "teams_addon":
                    row[key] = TEAMS_ADDON_MONTHLY
                elif key in weights:
                    share = Decimal(str(base * curve[m])) * weights[key] / total_weight
                    row[key] = money(share * Decimal(str(rng.uniform(0.9, 1.1))))
        lines.append(row)

    story = AccountStory(
        index=index,
        account_id=index + 1,
        org_id=f"org_{seed:x}{index:07d}",
        name=f"{rng.choice(NAME_LEFT)} {rng.choice(NAME_RIGHT)} {index + 1}",
        region=region,
        country=rng.choice(COUNTRIES[region]),
        business_type=rng.choice(BUSINESS_TYPES),
        business_model=rng.choice(["B2B", "B2C", "B2B and B2C"]),
        stage=rng.choice(STAGES),
        employee_count=int(
            {"small": 20, "mid": 120, "large": 600, "top": 3000}[tier] * rng.uniform(0.3, 2.5)
        ),
        tier=tier,
        configuration=configuration,
        trajectory=trajectory,
        use_case=use_case,
        adopted=adopted,
        first_month=first,
        churn_month=churn,
        lines=lines,
    )
    if index % WWDB_REVIEW_EVERY == WWDB_REVIEW_AT:  # crosssell WWDB-2 (issue 18); no rng drawn
        story.country = "RS"
    if configuration in ("ENTERPRISE_YEARLY_CREDIT", "ENTERPRISE_AMORTIZED_CREDIT"):
        story.credit = _credit_plan(rng, story, months)
    if configuration == "STARTUP":
        story.startup_credit = money(rng.choice([5_000, 10_000, 25_000, 50_000]))
    run_credit_ledger(story)
    story.tags = census_tags(story)
    return story


def _credit_plan(rng: random.Random, story: AccountStory, months: int) -> CreditPlan:
    """Credits sized against the first year's real usage, so they run out early, late or never."""
    # Most terms are running on the as-of date (renewals, CreditBot and expiry warnings need
    # them); a fifth ended within the last half year.
    back = rng.randint(1, 11) if rng.random() < 0.8 else rng.randint(12, 18)
    if story.index % 3 == 0 and back > 10:  # a few contracts in months 1-2 (crosssell TIM-3, issue 18)
        back = 1
    start = max(story.first_month, months - back)
    term = 12
    spend = sum((story.monthly_total(m) for m in range(start, min(months, start + term))), Decimal("0"))
    elapsed = max(1, min(months, start + term) - start)
    yearly = spend / elapsed * term
    outcome = rng.choices(["early", "late", "never"], weights=[3, 4, 3])[0]
    factor = {"early": Decimal("0.65"), "late": Decimal("0.97"), "never": Decimal("1.35")}[outcome]
    if outcome == "early" and story.account_id % 3 == 0:
        # Issue 19: some burn out within the term's first half, so the demo shows CreditBot's
        # FIRST_HALF scenario (B-29) beside BETWEEN and LAST_TWO_MONTHS; no random draw is added.
        factor = Decimal("0.40")
    credit = money((max(Decimal("20000"), yearly * factor) / 1000).quantize(Decimal("1")) * 1000)
    discount = Decimal(rng.choice(["10.00", "15.00", "20.00", "25.00"]))
    price = money(credit * (100 - discount) / 100)
    return CreditPlan(start, term, credit, discount, price, outcome)


def run_credit_ledger(story: AccountStory) -> None:
    """Credits cover usage invoices, oldest first, until used up or expired (B-6, B-7, B-9)."""
    months = len(story.lines)
    if story.credit is not None:
        grant, start, term = story.credit.credit_amount, story.credit.start_month, story.credit.term_months
    elif story.startup_credit is not None:
        grant, start, term = story.startup_credit, story.first_month, 12
    else:
        return
    story.credit_start_month, story.credit_end_month = start, start + term
    left = Decimal("0.00")
    for m in range(months):
        if m == start:
            left = grant
        if m == start + term:
            left = Decimal("0.00")  # unused credits expire with the term
        applied = min(left, story.monthly_total(m)) if start <= m < start + term else Decimal("0.00")
        left -= applied
        story.credits_applied.append(applied)
        story.credit_left.append(left)


def census_tags(story: AccountStory) -> set[str]:
    """Facts of the story itself (entry use case, churn, credit outcome, core coverage).

    Signals measured on the written rows (S-*, D-6 …) are counted by the modules that write
    them, from those rows, and billing configurations (B-1) by billing.demo.
    """
    tags = {f"UC-1:{story.use_case}"}
    products = story.products_in(len(story.lines) - 1)
    if story.churn_month is not None:
        tags.add("D-22")
    if story.credit is not None:
        tags.add(f"credits:{story.credit.outcome}")
    if story.credit_left and story.credit_end_month is not None:
        last = min(len(story.lines), story.credit_end_month) - 1
        if story.credit_left[last] == 0 and story.credits_applied[last] < story.monthly_total(last):
            tags.add("credits:ran_out")
    core = {"session_replay", "feature_flags", "error_tracking"}
    if core <= set(products):
        tags.add("A-3")
    return tags
