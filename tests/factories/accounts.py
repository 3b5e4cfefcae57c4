"""factory-boy factories for every model the tests build."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import Account, Notification, RoleAssignment, Team, User

PASSWORD = "correct horse battery staple"  # noqa: S105


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
