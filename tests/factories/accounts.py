"""factory-boy factories for every model the tests build."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import (
    Account,
    AccountDailyMetrics,
    AccountProduct,
    Contact,
    CustomerRecommendation,
    Incident,
    LeadMembership,
    Note,
    Notification,
    RoleAssignment,
    SeasonalExplanation,
    SupportTicket,
    Team,
    TimelineEvent,
    User,
)

PASSWORD = "correct horse battery staple"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = "product_led_sales"
    region = "US"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"User {n}")
    role = "tam"
    region = "US"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    key = "allocation_lead"
    user = factory.SubFactory(UserFactory, role="sales_manager")


class AccountFactory(DjangoModelFactory):
    class Meta:
        model = Account

    posthog_organization_id = factory.Sequence(lambda n: f"org-{n:06d}")
    name = factory.Sequence(lambda n: f"Customer {n}")


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    text = factory.Sequence(lambda n: f"Something happened #{n}")


class AccountProductFactory(DjangoModelFactory):
    class Meta:
        model = AccountProduct
        django_get_or_create = ("account", "product_key")

    account = factory.SubFactory(AccountFactory)
    product_key = "product_analytics"
    paying = True
    first_paid_on = factory.LazyFunction(lambda: dt.date(2025, 1, 1))


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@customer.example")
    title = "Engineer"
    roles = factory.LazyFunction(list)
    status = "active"


class LeadMembershipFactory(DjangoModelFactory):
    class Meta:
        model = LeadMembership

    account = factory.SubFactory(AccountFactory)
    tam = factory.SubFactory(UserFactory, role="tam")
    added_on = factory.LazyFunction(lambda: timezone.now().date())


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    author = factory.SubFactory(UserFactory)
    kind = "note"
    direction = "outbound"
    body = factory.Sequence(lambda n: f"Talked about goals #{n}")
    occurred_at = factory.LazyFunction(timezone.now)
    tags = factory.LazyFunction(list)

    @factory.post_generation
    def contacts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contacts.set(extracted)


class TimelineEventFactory(DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    account = factory.SubFactory(AccountFactory)
    type = "owner_changed"
    at = factory.LazyFunction(timezone.now)
    payload = factory.LazyFunction(dict)


class AccountDailyMetricsFactory(DjangoModelFactory):
    class Meta:
        model = AccountDailyMetrics

    account = factory.SubFactory(AccountFactory)
    date = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))
    event_count = 1000
    active_users_30d = 5
    logins = 3
    product_usage = factory.LazyFunction(dict)
    source = "api"


class SupportTicketFactory(DjangoModelFactory):
    class Meta:
        model = SupportTicket

    account = factory.SubFactory(AccountFactory)
    external_id = factory.Sequence(lambda n: f"ZD-{n:06d}")
    opened_at = factory.LazyFunction(timezone.now)
    priority = "normal"
    status = "open"


class IncidentFactory(DjangoModelFactory):
    class Meta:
        model = Incident
        skip_postgeneration_save = True

    severity = "SEV 2"
    title = factory.Sequence(lambda n: f"Incident {n}")
    affected_product_keys = factory.LazyFunction(lambda: ["feature_flags"])
    cloud_region = "US"
    started_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def affected_accounts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.affected_accounts.set(extracted)


class CustomerRecommendationFactory(DjangoModelFactory):
    class Meta:
        model = CustomerRecommendation

    account = factory.SubFactory(AccountFactory)
    given_by = factory.SubFactory(UserFactory)
    given_at = factory.LazyFunction(timezone.now)
    product_key = "session_replay"
    description = "Set a minimum recording duration of 2 seconds."
    status = "open"


class SeasonalExplanationFactory(DjangoModelFactory):
    class Meta:
        model = SeasonalExplanation

    account = factory.SubFactory(AccountFactory)
    starts_on = factory.LazyFunction(lambda: dt.date(2025, 7, 1))
    ends_on = factory.LazyFunction(lambda: dt.date(2025, 8, 31))
    reason = "Summer holidays"
    created_by = factory.SubFactory(UserFactory)


# --- issue 16: segments -------------------------------------------------------------------------

from accounts.models import Segment, SegmentMembership  # noqa: E402


class SegmentFactory(DjangoModelFactory):
    class Meta:
        model = Segment
        django_get_or_create = ("key",)

    key = "churn_risk"
    label = "Churn Risk"
    kind = "manual"


class SegmentMembershipFactory(DjangoModelFactory):
    class Meta:
        model = SegmentMembership

    account = factory.SubFactory(AccountFactory)
    segment = factory.SubFactory(SegmentFactory)
    added_at = factory.LazyFunction(timezone.now)
    reason = "test"
