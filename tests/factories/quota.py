"""factory-boy factories for the quota tables: book memberships, rep plans, team memberships."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from quota.models import BookMembership, RepPlan, TeamMembership

from .accounts import AccountFactory, TeamFactory, UserFactory

__all__ = ["BookMembershipFactory", "RepPlanFactory", "TeamMembershipFactory"]


class BookMembershipFactory(DjangoModelFactory):
    """An open AM Managed membership from the TAM's initial book, added 2 Jan 2025."""

    class Meta:
        model = BookMembership

    account = factory.SubFactory(AccountFactory)
    tam = factory.SubFactory(UserFactory, role="tam")
    added_on = dt.date(2025, 1, 2)
    added_by = factory.SubFactory(UserFactory, role="sales_manager")
    source = "initial_book"
    grace_until = dt.date(2025, 4, 2)


class RepPlanFactory(DjangoModelFactory):
    class Meta:
        model = RepPlan

    rep = factory.SubFactory(UserFactory, role="tam")
    role = "tam"
    role_start_date = dt.date(2024, 1, 8)
    ote_annual = Decimal("200000.00")
    team = factory.SubFactory(TeamFactory)
    valid_from = dt.date(2024, 1, 8)


class TeamMembershipFactory(DjangoModelFactory):
    class Meta:
        model = TeamMembership

    team = factory.SubFactory(TeamFactory)
    rep = factory.SubFactory(UserFactory, role="tam")
    joined_on = dt.date(2024, 1, 8)
