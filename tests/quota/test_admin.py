"""The admin lists the quota tables with useful columns and filters, for RevOps admins only."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import BookMembershipFactory, RepPlanFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = {"bookmembership": BookMembershipFactory, "repplan": RepPlanFactory, "teammembership": TeamMembershipFactory}


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_changes_and_shows_history_of_each_model_for_a_revops_admin(client, model):
    obj = MODELS[model]()
    client.force_login(UserFactory(role="revops_admin"))
    assert client.get(reverse(f"admin:quota_{model}_changelist"), {"q": "x"}).status_code == 200
    assert client.get(reverse(f"admin:quota_{model}_add")).status_code == 200
    assert client.get(reverse(f"admin:quota_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:quota_{model}_history", args=[obj.pk])).status_code == 200


def test_it_filters_book_memberships_by_open_or_ended(client):
    BookMembershipFactory()
    BookMembershipFactory(ended_on=dt.date(2025, 3, 31), removal_reason="churned")
    client.force_login(UserFactory(role="revops_admin"))
    url = reverse("admin:quota_bookmembership_changelist")
    assert client.get(url, {"state": "open"}).context["cl"].result_count == 1
    assert client.get(url, {"state": "ended"}).context["cl"].result_count == 1
    assert client.get(url).context["cl"].result_count == 2


def test_it_keeps_a_tam_out_of_the_quota_admin(client):
    client.force_login(UserFactory(role="tam", is_staff=True))
    assert client.get(reverse("admin:quota_bookmembership_changelist")).status_code in (302, 403)
