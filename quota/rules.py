"""Who sees quota figures (quota.md Pages): compensation is the one place where the quota
scope overrides D-26 (everyone reads everything). TAM: own; team lead: team; sales manager and
RevOps admin: all."""

import rules

from accounts.rules import is_revops_admin, is_sales_manager, is_team_lead

sees_all_quota = is_sales_manager | is_revops_admin


@rules.predicate
def is_self(user, rep) -> bool:
    return rep is not None and user.is_authenticated and user.pk == rep.pk


@rules.predicate
def leads_team_of(user, rep) -> bool:
    """The rep is in the lead's team: their User.team, or an open quota TeamMembership of it."""
    if rep is None or not is_team_lead(user) or user.team_id is None:
        return False
    if rep.team_id == user.team_id:
        return True
    return rep.team_memberships.filter(team_id=user.team_id, left_on__isnull=True).exists()


@rules.predicate
def is_lead_of_team(user, team) -> bool:
    return team is not None and is_team_lead(user) and user.team_id == team.pk


rules.add_perm("quota.view_rep_quota", sees_all_quota | is_self | leads_team_of)
rules.add_perm("quota.view_team_quota", sees_all_quota | is_lead_of_team)
rules.add_perm("quota.set_quota", is_sales_manager)  # set or amend, with a reason (audited)
