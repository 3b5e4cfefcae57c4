"""The admin lists every accounts model for RevOps admins; timeline events are read-only."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

BUILT = {
    "account": f.AccountFactory,
    "accountproduct": f.AccountProductFactory,
    "contact": f.ContactFactory,
    "leadmembership": f.LeadMembershipFactory,
    "note": f.NoteFactory,
    "timelineevent": f.TimelineEventFactory,
    "accountdailymetrics": f.AccountDailyMetricsFactory,
    "supportticket": f.SupportTicketFactory,
    "incident": f.IncidentFactory,
    "customerrecommendation": f.CustomerRecommendationFactory,
    "seasonalexplanation": f.SeasonalExplanationFactory,
    "notification": f.NotificationFactory,
}


@pytest.fixture
def revops_client(client):
    client.force_login(f.UserFactory(role="revops_admin"))
    return client


@pytest.mark.parametrize("model", sorted(BUILT))
def test_it_lists_and_opens_every_model_for_revops_admins(revops_client, model):
    obj = BUILT[model]()
    listing = revops_client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert listing.status_code == 200
    change_url = reverse(f"admin:accounts_{model}_change", args=[obj.pk])
    assert change_url in listing.content.decode()
    assert revops_client.get(change_url).status_code == 200
    history = revops_client.get(reverse(f"admin:accounts_{model}_history", args=[obj.pk]))
    assert history.status_code == 200


def test_it_lets_nobody_add_change_or_delete_timeline_events(revops_client):
    event = f.TimelineEventFactory()
    assert revops_client.get(reverse("admin:accounts_timelineevent_add")).status_code == 403
    response = revops_client.post(
        reverse("admin:accounts_timelineevent_change", args=[event.pk]), {"type": "escalation"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.type == "owner_changed"
    assert revops_client.get(
        reverse("admin:accounts_timelineevent_delete", args=[event.pk])
    ).status_code == 403


def test_it_keeps_the_admin_from_other_roles(client):
    client.force_login(f.UserFactory(role="tam"))
    response = client.get(reverse("admin:accounts_accountdailymetrics_changelist"))
    assert response.status_code in (302, 403)
