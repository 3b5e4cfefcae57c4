"""factory-boy factories for the health tables (issue 17)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from accounts.models import HealthModel, HealthScore, Signal

from .accounts import AccountFactory

__all__ = ["HealthModelFactory", "HealthScoreFactory", "SignalFactory"]


class HealthModelFactory(DjangoModelFactory):
    class Meta:
        model = HealthModel
        django_get_or_create = ("version",)

    version = factory.Sequence(lambda n: n + 2)
    components = factory.LazyFunction(dict)
    thresholds = factory.LazyFunction(dict)


class HealthScoreFactory(DjangoModelFactory):
    class Meta:
        model = HealthScore

    account = factory.SubFactory(AccountFactory)
    week_start = dt.date(2026, 11, 9)
    as_of = factory.LazyAttribute(lambda o: o.week_start + dt.timedelta(days=6))
    score = 80
    band = "Good"
    components = factory.LazyFunction(list)
    model_version = 1
    final = True


class SignalFactory(DjangoModelFactory):
    class Meta:
        model = Signal

    account = factory.SubFactory(AccountFactory)
    kind = "slack_silent"
    rule_id = "S-4"
    opened_on = dt.date(2026, 11, 1)
    source = "system"
