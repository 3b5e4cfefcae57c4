"""The admin lists revops tables with useful columns and filters, for RevOps admins only."""

import pytest
from django.urls import reverse

from tests.factories import CrossSellOpportunityFactory, ImportRunFactory, OrderFormFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = {"opportunity": CrossSellOpportunityFactory, "orderform": OrderFormFactory, "importrun": ImportRunFactory}


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_changes_and_shows_history_of_each_model_for_a_revops_admin(client, model):
    obj = MODELS[model]()
    client.force_login(UserFactory(role="revops_admin"))
    changelist = client.get(reverse(f"admin:revops_{model}_changelist"), {"q": "x"})
    assert changelist.status_code == 200
    assert client.get(reverse(f"admin:revops_{model}_changelist")).context["cl"].result_count == 1
    assert client.get(reverse(f"admin:revops_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:revops_{model}_history", args=[obj.pk])).status_code == 200


def test_it_creates_no_import_run_by_hand(client):
    client.force_login(UserFactory(role="revops_admin"))
    assert client.get(reverse("admin:revops_importrun_add")).status_code == 403
    assert client.get(reverse("admin:revops_opportunity_add")).status_code == 200
    assert client.get(reverse("admin:revops_orderform_add")).status_code == 200


def test_it_keeps_other_roles_out_of_the_revops_admin(client):
    client.force_login(UserFactory(role="sales_manager", is_staff=True))
    assert client.get(reverse("admin:revops_opportunity_changelist")).status_code in (302, 403)
