"""Stored team quotas and prorated quotas (T-2, T-3, C-10, QD-18…QD-20), from the recompute."""

import datetime as dt
from decimal import Decimal

import pytest

from quota.engine import Quarter
from quota.models import Quota, TeamQuota
from quota.services import quota_recompute, quota_set
from tests.factories import (
    QuotaFactory,
    QuotaPeriodFactory,
    RepPlanFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Q2 = Quarter(2025, 2)


def member(team, start, *, quota="250000.00", joined=None, lead=False, period=None):
    rep = UserFactory(role="tam", team=team, is_team_lead=lead)
    RepPlanFactory(rep=rep, role_start_date=start, valid_from=start, team=team, is_team_lead=lead)
    TeamMembershipFactory(team=team, rep=rep, joined_on=joined or start)
    QuotaFactory(rep=rep, period=period or QuotaPeriodFactory(year=2025, quarter=2), amount=Decimal(quota))
    return rep


def test_it_stores_the_handbooks_875000_team_quota():
    """Handbook example 8 (T-2): 3 ramped at $250,000 and 1 ramping → (250,000 x 3) + 125,000."""
    team = TeamFactory(name="US Product-led Sales")
    for _ in range(3):
        member(team, dt.date(2024, 1, 8))
    ramping = member(team, dt.date(2025, 3, 10), joined=dt.date(2025, 3, 10))  # ramp Mar-May: begins Q2 ramping
    quota_recompute(quarter=Q2, today=dt.date(2025, 5, 1))
    stored = TeamQuota.objects.get(team=team, period__year=2025, period__quarter=2)
    assert stored.total == Decimal("875000.00")
    lines = {line.member_id: line for line in stored.lines.all()}
    assert (lines[ramping.pk].counted_pct, lines[ramping.pk].reason) == (50, "ramping")
    assert sorted(line.counted_pct for line in lines.values()) == [50, 100, 100, 100]
    assert stored.explanation["rules"][0] == "T-2" and stored.inputs_hash


def test_it_leaves_a_mid_quarter_joiner_out_and_counts_the_lead_in_full():
    """T-3: joining after the first day changes nothing; QD-20: the lead's own quota counts 100%."""
    team = TeamFactory(name="EU Product-led Sales")
    lead = member(team, dt.date(2023, 5, 2), quota="60000.00", lead=True)
    team.lead = lead
    team.save()
    joiner = member(team, dt.date(2025, 4, 10))
    quota_recompute(quarter=Q2, today=dt.date(2025, 5, 1))
    stored = TeamQuota.objects.get(team=team)
    lines = {line.member_id: line for line in stored.lines.all()}
    assert (lines[joiner.pk].counted_pct, lines[joiner.pk].reason) == (0, "joined_mid_quarter")
    assert (lines[lead.pk].counted_pct, lines[lead.pk].reason) == (100, "team_lead")
    assert stored.total == Decimal("60000.00")


@pytest.mark.parametrize(("start_day", "q1_prorated", "q2_reason"), [
    (14, Decimal("0.00"), "ramped"),        # before the 15th: Jan, Feb, Mar are the ramp months
    (15, Decimal("83333.33"), "ramping"),   # QD-18: on the 15th the ramp starts next month: Feb-Apr
    (16, Decimal("83333.33"), "ramping"),
])
def test_it_prorates_the_quota_of_a_rep_starting_on_the_14th_15th_or_16th(start_day, q1_prorated, q2_reason):
    """C-10: prorated_quota = quota x quota'd months / 3; QD-19 ramping for the team quota."""
    team = TeamFactory(name=f"Team {start_day}")
    start = dt.date(2025, 1, start_day)
    rep = member(team, start, period=QuotaPeriodFactory(year=2025, quarter=1), joined=dt.date(2024, 12, 1))
    QuotaFactory(rep=rep, period=QuotaPeriodFactory(year=2025, quarter=2), amount=Decimal("250000.00"))
    quota_recompute(quarter=Quarter(2025, 1), today=dt.date(2025, 2, 1))
    quota_recompute(quarter=Q2, today=dt.date(2025, 5, 1))
    q1 = Quota.objects.get(rep=rep, period__quarter=1)
    assert q1.prorated_amount == q1_prorated
    q2 = Quota.objects.get(rep=rep, period__quarter=2)
    assert q2.prorated_amount == (Decimal("250000.00") if start_day == 14 else Decimal("166666.67"))
    line = TeamQuota.objects.get(team=team, period__quarter=2).lines.get(member=rep)
    assert line.reason == q2_reason


def test_quota_set_needs_a_reason_and_a_non_negative_amount():
    """Q-14: amended up or down by a sales manager, with a reason; audited."""
    rep, manager = UserFactory(role="tam"), UserFactory(role="sales_manager")
    with pytest.raises(ValueError, match="reason"):
        quota_set(rep=rep, quarter=Q2, amount=Decimal("1"), reason=" ", today=dt.date(2025, 4, 2), acting_user=manager)
    with pytest.raises(ValueError, match="amount"):
        quota_set(rep=rep, quarter=Q2, amount=Decimal("-1"), reason="x", today=dt.date(2025, 4, 2), acting_user=manager)
    quota = quota_set(rep=rep, quarter=Q2, amount=Decimal("250000"), reason="Q2 target", today=dt.date(2025, 4, 2),
                      acting_user=manager)
    quota_set(rep=rep, quarter=Q2, amount=Decimal("240000"), reason="Book moved", today=dt.date(2025, 5, 2),
              acting_user=manager)
    quota.refresh_from_db()
    assert quota.amount == Decimal("240000.00") and quota.set_by == manager
    assert quota.history.count() == 2
