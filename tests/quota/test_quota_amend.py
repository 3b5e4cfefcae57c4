"""Q-14: a sales manager sets or amends a TAM's quota with a reason; audited; the tracker follows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from quota.models import Quota, QuotaRun

from .test_pages import Q2, org, tracker_url  # noqa: F401  (org is a fixture)

pytestmark = pytest.mark.django_db


def amend_url(rep, quarter=Q2):
    return reverse("quota:quota-amend", args=[rep.pk, quarter])


def quota_of(rep) -> Quota:
    return Quota.objects.get(rep=rep, period__year=2025, period__quarter=2)


def test_q14_a_sales_manager_amends_a_quota_with_a_reason_and_it_is_audited(
    client, org, django_capture_on_commit_callbacks  # noqa: F811
):
    client.force_login(org["manager"])
    runs_before = QuotaRun.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(amend_url(org["tess"]), {"amount": "240000.00", "reason": "Two accounts moved out"})
    assert response.status_code == 302 and response["Location"] == tracker_url(org["tess"])
    quota = quota_of(org["tess"])
    assert quota.amount == Decimal("240000.00") and quota.reason == "Two accounts moved out"
    assert quota.set_by == org["manager"]
    amended = quota.history.filter(amount=Decimal("240000.00"), reason="Two accounts moved out")
    assert amended.order_by("history_date").first().history_user == org["manager"]
    assert QuotaRun.objects.count() == runs_before + 1  # the quarter is recomputed on commit (C-10)
    page = client.get(tracker_url(org["tess"])).content.decode()
    assert "240,000.00" in page and "4.65%" in page  # 11,160 / 240,000


def test_q14_a_tam_or_team_lead_cannot_amend_a_quota(client, org):  # noqa: F811
    for user in (org["tess"], org["lead"]):
        client.force_login(user)
        response = client.post(amend_url(org["tess"]), {"amount": "1.00", "reason": "mine"})
        assert response.status_code == 403
        assert 'id="quota-set"' not in client.get(tracker_url(org["tess"])).content.decode()
    assert quota_of(org["tess"]).amount == Decimal("250000.00")


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"amount": "240000.00", "reason": "   "}, "Reason: A quota change needs a reason (Q-14)."),
        ({"amount": "-1.00", "reason": "typo"}, "Quota ($): Ensure this value is greater than or equal to 0."),
        ({"amount": "12.345", "reason": "typo"}, "Quota ($): Ensure that there are no more than 2 decimal places."),
    ],
)
def test_q14_bad_input_names_the_field_keeps_what_was_typed_and_saves_nothing(
    client, org, data, field_error  # noqa: F811
):
    client.force_login(org["manager"])
    response = client.post(amend_url(org["tess"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error in page
    assert f'value="{data["amount"]}"' in page  # what was typed stays in the form
    assert quota_of(org["tess"]).amount == Decimal("250000.00")
