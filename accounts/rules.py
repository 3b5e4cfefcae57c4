"""The accounts.md §1.1 permission matrix as django-rules predicates.

Views, admin and DRF ask `user.has_perm("<app>.<capability>", account)`; the capability names
below are the matrix rows. "own" = the user is the account's owner, overlay TAM, Account
Executive or onboarding specialist; "team" = the account's owner is in the lead's team. A user
without a role reads everything and changes nothing.
"""

import rules

from .models.people import Role, RoleAssignmentKey, TeamKind

FRONTLINE_ROLES = frozenset(
    {Role.TAE, Role.TAM, Role.CSM, Role.CSE, Role.ONBOARDING, Role.BDR}
)
OWNERSHIP_FIELDS = ("owner_id", "overlay_tam_id", "account_executive_id", "onboarding_specialist_id")
# New Owner value → (region, team kind) whose lead picks the person.
NEW_OWNER_TEAMS = {
    "US TAM": ("US", TeamKind.PRODUCT_LED_SALES),
    "EU TAM": ("EU", TeamKind.PRODUCT_LED_SALES),
    "US CSM": ("US", TeamKind.CUSTOMER_SUCCESS),
    "EU CSM": ("EU", TeamKind.CUSTOMER_SUCCESS),
}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def has_role(user) -> bool:
    return _active(user) and bool(user.role)


@rules.predicate
def is_frontline(user) -> bool:
    return _active(user) and user.role in FRONTLINE_ROLES


@rules.predicate
def is_tam(user) -> bool:
    return _active(user) and user.role == Role.TAM


@rules.predicate
def is_team_lead(user) -> bool:
    return _active(user) and bool(user.role) and user.is_team_lead


@rules.predicate
def is_sales_manager(user) -> bool:
    return _active(user) and user.role == Role.SALES_MANAGER


@rules.predicate
def is_revops_admin(user) -> bool:
    return _active(user) and (user.role == Role.REVOPS_ADMIN or user.is_superuser)


@rules.predicate
def is_account_owner(user, account) -> bool:
    if not _active(user) or account is None:
        return False
    return any(getattr(account, field) == user.pk for field in OWNERSHIP_FIELDS)


@rules.predicate
def is_team_lead_of(user, account) -> bool:
    """The account's owner is a member of the team this lead belongs to."""
    if not is_team_lead(user) or account is None or user.team_id is None:
        return False
    owner = account.owner
    return owner is not None and owner.team_id == user.team_id


@rules.predicate
def is_top_40(user, account) -> bool:
    return bool(account is not None and account.is_top_40)


@rules.predicate
def holds_allocation_role(user) -> bool:
    if not _active(user):
        return False
    keys = {RoleAssignmentKey.ALLOCATION_LEAD, RoleAssignmentKey.ALLOCATION_ADVISOR}
    return user.role_assignments.filter(key__in=keys).exists()


@rules.predicate
def leads_new_owner_team(user, account) -> bool:
    """The account's New Owner value names this lead's team (region + TAM/CSM team kind)."""
    if not is_team_lead(user) or account is None or user.team_id is None:
        return False
    wanted = NEW_OWNER_TEAMS.get(account.new_owner)
    team = user.team
    return wanted is not None and (team.region, team.kind) == wanted


@rules.predicate
def is_lead_of_team(user, team) -> bool:
    return is_team_lead(user) and team is not None and team.pk == user.team_id


own_or_team = (is_frontline & is_account_owner) | is_team_lead_of | (is_team_lead & is_account_owner)
own_team_or_all = own_or_team | is_sales_manager
# Top 40: only a sales manager holding allocation_lead/allocation_advisor may change ownership.
top_40_guard = ~is_top_40 | (is_sales_manager & holds_allocation_role)

MATRIX = {
    "accounts.view_account": rules.is_authenticated,
    "accounts.change_business_info": own_team_or_all | is_revops_admin,
    "accounts.change_account_records": own_team_or_all,  # contacts, notes, checklist, plan
    "accounts.flag_churn_risk": has_role,
    "accounts.resolve_churn_risk": own_team_or_all,
    "accounts.set_new_owner_ready_to_move": own_team_or_all & top_40_guard,
    "accounts.set_new_owner_team": ((is_team_lead_of & ~is_top_40) | is_sales_manager)
    & top_40_guard,
    "accounts.assign_owner": (leads_new_owner_team | is_sales_manager) & top_40_guard,
    "accounts.change_am_managed": is_sales_manager,
    "accounts.request_book_removal": (is_tam & is_account_owner) | is_team_lead | is_sales_manager,
    "accounts.add_self_as_account_executive": is_tam | is_team_lead | is_sales_manager,
    "accounts.add_to_leads": is_tam | is_team_lead | is_sales_manager,
    "accounts.run_territory_review": is_lead_of_team | is_sales_manager,  # obj = Team
    "accounts.change_templates": is_sales_manager | is_revops_admin,
    "accounts.change_configuration": is_revops_admin,  # thresholds, product sets, checklist, users
}

for _name, _predicate in MATRIX.items():
    rules.add_perm(_name, _predicate)
