"""Ramp months and the team lead's quota (C-10, T-2…T-4, QD-18…QD-21)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .policy import ZERO, QuotaPolicy, Step, cents
from .quarters import Quarter, add_months, month_label, month_start

RAMPED = "ramped"
RAMPING = "ramping"
TEAM_LEAD = "team_lead"
JOINED_MID_QUARTER = "joined_mid_quarter"


def ramp_months(role_start: date, policy: QuotaPolicy) -> tuple[date, ...]:
    """C-10, QD-18: a start before the 15th ramps over the start month and the next two; a start on
    or after the 15th over the three months after the start month (the partial month is payroll's)."""
    first = month_start(role_start)
    if role_start.day >= policy.ramp_day:
        first = add_months(first, 1)
    return tuple(add_months(first, i) for i in range(policy.ramp_months))


def fixed_months_in(quarter: Quarter, role_start: date | None, policy: QuotaPolicy) -> int:
    """C-10: how many of the quarter's months are ramp (100% fixed) months."""
    if role_start is None:
        return 0
    ramp = set(ramp_months(role_start, policy))
    return sum(1 for month in quarter.months if month in ramp)


def prorated_quota(quota: Decimal, fixed_months: int) -> Decimal:
    """C-10: with q = 3 - fixed months quota'd months, prorated_quota = quota x q / 3, to cents."""
    if not 0 <= fixed_months <= 3:
        raise ValueError("A quarter has between 0 and 3 fixed months.")
    return cents(quota * (3 - fixed_months) / 3)


def is_ramping(quarter: Quarter, role_start: date | None, policy: QuotaPolicy) -> bool:
    """QD-19: ramping for the team quota = the quarter's first month is one of the ramp months."""
    return role_start is not None and quarter.first_month in ramp_months(role_start, policy)


@dataclass(frozen=True)
class TeamMember:
    member: str | int
    quota: Decimal
    role_start_date: date | None = None
    joined_on: date | None = None
    left_on: date | None = None
    is_team_lead: bool = False


@dataclass(frozen=True)
class TeamQuotaLine:
    member: str | int
    member_quota: Decimal
    counted_pct: int
    counted_quota: Decimal
    reason: str
    explanation: Step


@dataclass(frozen=True)
class TeamQuota:
    quarter: Quarter
    total: Decimal
    lines: tuple[TeamQuotaLine, ...]

    @property
    def counted_members(self) -> tuple[str | int, ...]:
        return tuple(line.member for line in self.lines if line.counted_pct > 0)


def team_quota(quarter: Quarter, members: Iterable[TeamMember], policy: QuotaPolicy) -> TeamQuota:
    """T-2: Σ quota of ramped members + 0.5 x Σ quota of members who begin the quarter ramping.

    T-3: a member who joins after the quarter's first day leaves the target unchanged and is not
    counted. QD-21: a leaver changes nothing here (a manual edit with a reason does); a member who
    left before the quarter began is not in it. QD-20: the lead's own quota counts at 100%.
    """
    lines = []
    for member in members:
        if member.left_on is not None and member.left_on < quarter.first_day:
            continue
        lines.append(_line(quarter, member, policy))
    total = cents(sum((line.counted_quota for line in lines), ZERO))
    return TeamQuota(quarter, total, tuple(lines))


def _line(quarter: Quarter, member: TeamMember, policy: QuotaPolicy) -> TeamQuotaLine:
    if member.joined_on is not None and member.joined_on > quarter.first_day:
        pct, reason = 0, JOINED_MID_QUARTER
        why = Step("T-3", f"Joined on {member.joined_on}, after {quarter.first_day}: not counted.")
    elif member.is_team_lead:
        pct, reason = 100, TEAM_LEAD
        why = Step("QD-20", "The team lead's own reduced quota counts at 100%.")
    elif member.role_start_date is not None and is_ramping(quarter, member.role_start_date, policy):
        pct, reason = int(policy.ramping_team_factor * 100), RAMPING
        months = ", ".join(month_label(m) for m in ramp_months(member.role_start_date, policy))
        why = Step("T-2", f"Begins {quarter} in a ramp month ({months}): {pct}% of the quota.")
    else:
        pct, reason = 100, RAMPED
        why = Step("T-2", "Fully ramped: 100% of the quota.")
    counted = cents(member.quota * pct / 100)
    return TeamQuotaLine(member.member, member.quota, pct, counted, reason, why)


def team_attainment(team: TeamQuota, attainment_by_member: Mapping[str | int, Decimal]) -> Decimal:
    """T-4: Σ attainment of the counted members (counted_pct > 0); joiners' contributions are not
    counted (T-3)."""
    return cents(sum((attainment_by_member.get(m, ZERO) for m in team.counted_members), ZERO))


def team_lead_payout(quarterly_variable: Decimal, attainment: Decimal, quota_total: Decimal) -> Decimal:
    """T-4: payout = quarterly variable (the lead's 40%) x team attainment / team quota, linear and
    uncapped, floored at 0 (QD-16), half-up to cents. No team quota pays nothing."""
    if quota_total <= 0:
        return ZERO
    return cents(max(ZERO, quarterly_variable * attainment / quota_total))
