"""The accounts.md §1.1 permission matrix, one test per row (columns: frontline, team lead,
sales manager, RevOps admin), plus the no-role read-only rule (spec README)."""

import pytest

from tests.factories import AccountFactory, RoleAssignmentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """A team with a lead and a TAM, another team's TAM, a sales manager, an admin."""
    west = TeamFactory(name="West", kind="product_led_sales", region="US")
    east = TeamFactory(name="East", kind="product_led_sales", region="EU")
    people = {
        "tam": UserFactory(role="tam", team=west),
        "teammate": UserFactory(role="tam", team=west),
        "lead": UserFactory(role="tam", team=west, is_team_lead=True),
        "other_tam": UserFactory(role="tam", team=east),
        "other_lead": UserFactory(role="tam", team=east, is_team_lead=True),
        "csm": UserFactory(role="csm"),
        "manager": UserFactory(role="sales_manager"),
        "admin": UserFactory(role="revops_admin"),
        "nobody": UserFactory(role=""),
    }
    people["own"] = AccountFactory(owner=people["tam"])
    people["teammates"] = AccountFactory(owner=people["teammate"])
    people["elsewhere"] = AccountFactory(owner=people["other_tam"])
    people["west"], people["east"] = west, east
    return people


def can(user, perm, obj=None) -> bool:
    return user.has_perm(perm, obj)


def test_it_lets_everyone_read_any_account_including_no_role_users(cast):
    """§1.1 row 1: read any account — yes for every column; D-26."""
    for who in ("tam", "lead", "manager", "admin", "nobody", "other_tam"):
        assert can(cast[who], "accounts.view_account", cast["elsewhere"]), who


def test_it_limits_editing_business_info_to_own_team_all_and_admin(cast):
    """§1.1 row 2: edit business info — own / own + team / all / business info only."""
    perm = "accounts.change_business_info"
    assert can(cast["tam"], perm, cast["own"])
    assert not can(cast["tam"], perm, cast["teammates"])
    assert can(cast["lead"], perm, cast["teammates"])
    assert not can(cast["lead"], perm, cast["elsewhere"])
    assert can(cast["manager"], perm, cast["elsewhere"])
    assert can(cast["admin"], perm, cast["elsewhere"])
    assert not can(cast["nobody"], perm, cast["own"])


def test_it_keeps_revops_admins_to_business_info_only(cast):
    """§1.1 row 2: contacts, notes, checklist and plan are not the admin's to edit."""
    perm = "accounts.change_account_records"
    assert not can(cast["admin"], perm, cast["own"])
    assert can(cast["tam"], perm, cast["own"])
    assert can(cast["lead"], perm, cast["teammates"])
    assert can(cast["manager"], perm, cast["elsewhere"])
    assert not can(cast["other_lead"], perm, cast["own"])


def test_it_lets_any_role_flag_churn_risk_on_any_account(cast):
    """§1.1 row 3: flag Churn Risk — any account, for every role; no role = read-only."""
    perm = "accounts.flag_churn_risk"
    for who in ("tam", "csm", "lead", "manager", "admin", "other_tam"):
        assert can(cast[who], perm, cast["elsewhere"]), who
    assert not can(cast["nobody"], perm, cast["own"])


def test_it_limits_resolving_churn_risk_and_denies_admins(cast):
    """§1.1 row 4: resolve Churn Risk — own / own + team / all / no."""
    perm = "accounts.resolve_churn_risk"
    assert can(cast["tam"], perm, cast["own"])
    assert not can(cast["tam"], perm, cast["elsewhere"])
    assert can(cast["lead"], perm, cast["teammates"])
    assert can(cast["manager"], perm, cast["elsewhere"])
    assert not can(cast["admin"], perm, cast["own"])


def test_it_lets_owners_set_ready_to_move(cast):
    """§1.1 row 5: New Owner = Ready to move — own / own + team / all / no."""
    perm = "accounts.set_new_owner_ready_to_move"
    assert can(cast["tam"], perm, cast["own"])
    assert not can(cast["teammate"], perm, cast["own"])
    assert can(cast["lead"], perm, cast["own"])
    assert can(cast["manager"], perm, cast["own"])
    assert not can(cast["admin"], perm, cast["own"])


def test_it_lets_only_leads_of_the_team_and_managers_set_a_region_new_owner(cast):
    """§1.1 row 6: New Owner = US/EU TAM/CSM — no / team, non-Top 40 / all / no."""
    perm = "accounts.set_new_owner_team"
    assert not can(cast["tam"], perm, cast["own"])
    assert can(cast["lead"], perm, cast["own"])
    assert not can(cast["other_lead"], perm, cast["own"])
    assert can(cast["manager"], perm, cast["own"])
    assert not can(cast["admin"], perm, cast["own"])
    top = AccountFactory(owner=cast["tam"], is_top_40=True)
    assert not can(cast["lead"], perm, top)


def test_it_lets_the_matching_team_lead_assign_the_person(cast):
    """§1.1 row 7: assign owner after New Owner is set — only the lead whose team matches."""
    perm = "accounts.assign_owner"
    eu_tam = AccountFactory(owner=cast["tam"], new_owner="EU TAM")
    assert can(cast["other_lead"], perm, eu_tam)  # East is the EU product-led team
    assert not can(cast["lead"], perm, eu_tam)
    assert not can(cast["tam"], perm, eu_tam)
    assert can(cast["manager"], perm, eu_tam)
    assert not can(cast["admin"], perm, eu_tam)
    unset = AccountFactory(owner=cast["tam"])
    assert not can(cast["other_lead"], perm, unset)


def test_it_reserves_top_40_ownership_changes_for_allocation_roles(cast):
    """§1.1 row 8: any ownership change on a Top 40 account — allocation_lead/advisor only."""
    top = AccountFactory(owner=cast["tam"], is_top_40=True, new_owner="US TAM")
    for perm in (
        "accounts.set_new_owner_ready_to_move",
        "accounts.set_new_owner_team",
        "accounts.assign_owner",
    ):
        assert not can(cast["tam"], perm, top), perm
        assert not can(cast["lead"], perm, top), perm
        assert not can(cast["manager"], perm, top), perm
    simon = RoleAssignmentFactory(key="allocation_lead").user
    ben = RoleAssignmentFactory(key="allocation_advisor").user
    for holder in (simon, ben):
        assert can(holder, "accounts.assign_owner", top)
        assert can(holder, "accounts.set_new_owner_team", top)


def test_it_lets_only_sales_managers_change_am_managed(cast):
    """§1.1 row 9: add/remove AM Managed, approve removal — sales manager only (U-3)."""
    perm = "accounts.change_am_managed"
    assert can(cast["manager"], perm, cast["own"])
    for who in ("tam", "lead", "admin", "nobody"):
        assert not can(cast[who], perm, cast["own"]), who


def test_it_lets_tams_request_removal_from_their_own_book_only(cast):
    """§1.1 row 10: request removal — TAM own book / yes / yes / no."""
    perm = "accounts.request_book_removal"
    assert can(cast["tam"], perm, cast["own"])
    assert not can(cast["tam"], perm, cast["elsewhere"])
    assert not can(cast["csm"], perm, AccountFactory(owner=cast["csm"]))
    assert can(cast["lead"], perm, cast["elsewhere"])
    assert can(cast["manager"], perm, cast["elsewhere"])
    assert not can(cast["admin"], perm, cast["own"])


def test_it_lets_tams_add_themselves_as_account_executive_and_add_leads(cast):
    """§1.1 row 11: add self as AE, add account to Leads — TAM / yes / yes / no."""
    for perm in ("accounts.add_self_as_account_executive", "accounts.add_to_leads"):
        assert can(cast["tam"], perm, cast["elsewhere"]), perm
        assert not can(cast["csm"], perm, cast["elsewhere"]), perm
        assert can(cast["lead"], perm, cast["elsewhere"]), perm
        assert can(cast["manager"], perm, cast["elsewhere"]), perm
        assert not can(cast["admin"], perm, cast["elsewhere"]), perm


def test_it_lets_team_leads_run_only_their_own_teams_territory_review(cast):
    """§1.1 row 12: run territory review — no / own team / all / no."""
    perm = "accounts.run_territory_review"
    assert can(cast["lead"], perm, cast["west"])
    assert not can(cast["lead"], perm, cast["east"])
    assert not can(cast["tam"], perm, cast["west"])
    assert can(cast["manager"], perm, cast["east"])
    assert not can(cast["admin"], perm, cast["west"])


def test_it_keeps_configuration_to_admins_and_templates_to_managers_too(cast):
    """§1.1 row 13: thresholds, product sets, users — admin; templates — manager too."""
    assert can(cast["admin"], "accounts.change_configuration")
    assert not can(cast["manager"], "accounts.change_configuration")
    assert not can(cast["lead"], "accounts.change_configuration")
    assert can(cast["manager"], "accounts.change_templates")
    assert can(cast["admin"], "accounts.change_templates")
    assert not can(cast["tam"], "accounts.change_templates")


def test_it_treats_an_inactive_user_as_having_no_rights(cast):
    tam = cast["tam"]
    tam.is_active = False
    tam.save()
    assert not can(tam, "accounts.change_business_info", cast["own"])
