"""quota tables (quota.md Entities): exact enums, one open book membership per (account, TAM), history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from quota.models import BookMembership, BookSource, ConversionPlan, RemovalReason, RepPlan, RepRole
from tests.factories import (
    AccountFactory,
    BookMembershipFactory,
    RepPlanFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rejected(factory, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    return True


def test_it_has_exactly_quota_md_enums():
    assert set(BookSource.values) == {
        "initial_book", "inherited_with_previous_owner", "unowned_assignment", "product_led_lead",
        "tae_handoff", "csm_to_tam"}
    assert set(ConversionPlan.values) == {"prepaid_credit_conversion", "cross_product_adoption"}
    assert set(RemovalReason.values) == {"handed_over", "churned", "below_floor", "csm_handoff", "rebalance"}
    assert set(RepRole.values) == {"tam"}


@pytest.mark.parametrize(
    ("field", "good"),
    [("source", "csm_to_tam"), ("conversion_plan", "cross_product_adoption"), ("removal_reason", "below_floor")],
)
def test_it_accepts_a_spec_value_and_refuses_any_other(field, good):
    model_field = BookMembership._meta.get_field(field)
    assert model_field.clean(good, None) == good
    with pytest.raises(ValidationError):
        model_field.clean("difficult_customer", None)  # B-7: not a valid removal reason


def test_it_allows_one_open_membership_per_account_and_tam():
    """A second open membership of the same account in the same TAM's book is refused."""
    first = BookMembershipFactory()
    assert rejected(BookMembershipFactory, account=first.account, tam=first.tam, added_on=dt.date(2025, 2, 1))
    assert BookMembership.objects.count() == 1


def test_it_allows_a_new_open_membership_after_the_old_one_ended():
    """B-4: removal ends a membership on a quarter's last day; the account may come back later."""
    first = BookMembershipFactory(ended_on=dt.date(2025, 3, 31), removal_reason="rebalance")
    again = BookMembershipFactory(account=first.account, tam=first.tam, added_on=dt.date(2025, 5, 1),
                                  grace_until=dt.date(2025, 8, 1))
    BookMembershipFactory(account=first.account, tam=first.tam, added_on=dt.date(2024, 1, 2),
                          grace_until=dt.date(2024, 4, 2), ended_on=dt.date(2024, 12, 31),
                          removal_reason="handed_over")
    assert again.is_open and not BookMembership.objects.get(pk=first.pk).is_open
    assert BookMembership.objects.filter(account=first.account, ended_on__isnull=True).count() == 1


def test_it_allows_the_same_account_open_in_two_tams_books():
    first = BookMembershipFactory()
    BookMembershipFactory(account=first.account)
    assert BookMembership.objects.filter(account=first.account).count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"ended_on": dt.date(2024, 12, 31), "removal_reason": "churned"},  # before added_on 2 Jan 2025
        {"grace_until": dt.date(2025, 1, 1)},
        {"decision_deadline": dt.date(2024, 12, 1)},
        {"removal_requested_on": dt.date(2024, 12, 1), "removal_reason": "churned"},
        {"source": "product_led_lead"},  # B-8: only with a conversion plan
        {"pending_removal": True},  # no reason
        {"ended_on": dt.date(2025, 3, 31)},  # no reason
    ],
    ids=lambda f: ",".join(f),
)
def test_it_refuses_a_membership_that_must_never_exist(fields):
    assert rejected(BookMembershipFactory, **fields)


def test_it_accepts_a_product_led_lead_with_its_plan_and_deadline():
    membership = BookMembershipFactory(source="product_led_lead", conversion_plan="prepaid_credit_conversion",
                                       decision_deadline=dt.date(2025, 4, 2))
    assert membership.decision_deadline == dt.date(2025, 4, 2)


def test_it_validates_that_a_membership_ends_on_a_quarters_last_day():
    membership = BookMembershipFactory.build(
        account=AccountFactory(), tam=UserFactory(), added_by=UserFactory(role="sales_manager"),
        ended_on=dt.date(2025, 5, 15), removal_reason="churned",
    )
    with pytest.raises(ValidationError) as caught:
        membership.full_clean()
    assert "ended_on" in caught.value.message_dict
    membership.ended_on = dt.date(2025, 6, 30)
    membership.full_clean()


def test_it_records_history_for_book_memberships():
    membership = BookMembershipFactory()
    membership.pending_removal = True
    membership.removal_reason = "below_floor"
    membership.removal_requested_on = dt.date(2025, 3, 1)
    membership.save()
    history = list(membership.history.order_by("history_date"))
    assert [(h.pending_removal, h.removal_reason) for h in history] == [(False, ""), (True, "below_floor")]
    assert history[0].history_type == "+"


def test_it_keeps_rep_plans_versioned_with_a_split_of_100():
    plan = RepPlanFactory()
    assert (plan.base_pct, plan.variable_pct) == (Decimal("50"), Decimal("50"))
    RepPlanFactory(rep=plan.rep, valid_from=dt.date(2025, 1, 1), base_pct=Decimal("40"),
                   variable_pct=Decimal("60"), is_team_lead=True, team_lead_since=dt.date(2025, 1, 1))
    assert RepPlan.objects.filter(rep=plan.rep).count() == 2
    assert rejected(RepPlanFactory, rep=plan.rep, valid_from=plan.valid_from)
    assert rejected(RepPlanFactory, base_pct=Decimal("50"), variable_pct=Decimal("60"))
    assert rejected(RepPlanFactory, ote_annual=Decimal("-1.00"))
    assert plan.history.count() == 1


def test_it_keeps_team_memberships_dated_and_one_open_per_team():
    membership = TeamMembershipFactory()
    assert rejected(TeamMembershipFactory, team=membership.team, rep=membership.rep, joined_on=dt.date(2024, 6, 1))
    assert rejected(TeamMembershipFactory, joined_on=dt.date(2024, 6, 1), left_on=dt.date(2024, 5, 31))
    membership.left_on = dt.date(2024, 6, 30)
    membership.save()
    TeamMembershipFactory(team=membership.team, rep=membership.rep, joined_on=dt.date(2024, 9, 1))
    assert membership.history.count() == 2
