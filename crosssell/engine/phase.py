"""Account phase (PH-1, D-44): evaluated top-down, first match, never regressing by itself."""

from collections import Counter
from dataclasses import dataclass

from .catalogue import TEAM_PRECEDENCE
from .facts import AccountFactsInput, MemberGroup

PHASES: tuple[str, ...] = ("trojan_hog", "depth", "breadth", "platform", "shampoo")


def team_of(group: MemberGroup) -> str:
    """Entities: Contact.department, else the primary family by precedence."""
    if group.team:
        return group.team
    for family in TEAM_PRECEDENCE:
        if family in group.families:
            return family
    return "other"


def active_members_by_team(facts: AccountFactsInput) -> Counter:
    teams: Counter = Counter()
    for group in facts.members:
        if group.active:
            teams[team_of(group)] += group.count
    return teams


def first_team(facts: AccountFactsInput) -> str | None:
    """CLS-5: the team with most active members (tie: team name)."""
    teams = active_members_by_team(facts)
    if not teams:
        return None
    return min(teams, key=lambda t: (-teams[t], t))


@dataclass(frozen=True)
class PhaseResult:
    phase: str
    evidence: str


def compute_phase(
    facts: AccountFactsInput,
    *,
    primary: str | None,
    live_use_cases: int,
    first: str | None,
    days_since_paid_start: int | None,
    org_sell_recorded: bool = False,
    previous: str | None = None,
) -> PhaseResult:
    """PH-1's entry criteria. Until an implementation health check exists (health.md),
    `depth` = primary set, no open ImplementationCheckItem and paid start ≥ 30 days ago."""
    teams = active_members_by_team(facts)
    active_teams = sum(1 for n in teams.values() if n >= 2)  # Entities: active team = ≥ 2
    if org_sell_recorded:
        result = PhaseResult("shampoo", "an org-sell record exists")
    elif active_teams >= 2 and live_use_cases >= 2:
        result = PhaseResult("platform", f"{active_teams} active teams and {live_use_cases} live use cases")
    elif live_use_cases >= 2 and any(t != first and n >= 1 for t, n in teams.items()):
        result = PhaseResult("breadth", "a second live use case with an active member outside the first team")
    elif (
        primary is not None
        and not facts.open_implementation_items
        and days_since_paid_start is not None
        and days_since_paid_start >= 30
    ):
        result = PhaseResult("depth", "primary use case set, no open check item, paid ≥ 30 days")
    else:
        result = PhaseResult("trojan_hog", "entry phase: first use case not yet established")
    if previous in PHASES and PHASES.index(previous) > PHASES.index(result.phase):
        return PhaseResult(
            previous, f"kept {previous} (phases never regress by themselves); now meets {result.phase}"
        )
    return result
