"""`seed_demo`'s quota recompute hook: the real jobs run on the demo book, so the tracker and the
drill-down show the demo's current quarter."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_DOMAIN
from accounts.models import User
from quota.models import AttainmentLine, MonthQuota, Quota, QuotaRun, TeamQuota
from tests.demo_runs import AS_OF

pytestmark = pytest.mark.django_db


def test_the_demo_recompute_fills_this_and_last_quarter(client):
    call_command("seed_demo", accounts=80, seed=2, as_of=AS_OF, quiet_census=True, stdout=io.StringIO())
    runs = list(QuotaRun.objects.order_by("pk").values_list("trigger", "period__year", "period__quarter"))
    assert runs == [("demo", 2026, 3), ("demo", 2026, 4)]
    assert AttainmentLine.objects.filter(period__quarter=4).exists()
    assert AttainmentLine.objects.filter(period__quarter=3, provisional=False).exists()
    assert MonthQuota.objects.exists() and TeamQuota.objects.filter(period__quarter=4).exists()
    assert Quota.objects.filter(period__quarter=4, set_by__role="sales_manager").exists()

    line = AttainmentLine.objects.filter(period__quarter=4, rep__email__endswith=DEMO_DOMAIN).select_related(
        "rep", "account").first()
    client.force_login(line.rep)
    tracker = client.get(reverse("quota:tracker", args=[line.rep_id, "2026-Q4"])).content.decode()
    assert "TAM Quota Tracker" in tracker and "2026-Q4" in tracker and line.account.name in tracker
    drill = client.get(reverse("quota:drilldown", args=[line.rep_id, "2026-Q4", line.account_id]))
    assert drill.status_code == 200 and "Quota Invoice Amt" in drill.content.decode()
    manager = User.objects.filter(role="sales_manager").first()
    client.force_login(manager)
    assert client.get(reverse("quota:teams") + "?quarter=2026-Q4").status_code == 200
