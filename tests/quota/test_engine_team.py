"""quota.engine.team: ramp months and the team lead's quota (C-10, T-2...T-4, QD-18...QD-21)."""

from datetime import date
from decimal import Decimal

import pytest

from quota.engine import (
    Quarter,
    TeamMember,
    fixed_months_in,
    is_ramping,
    prorated_quota,
    ramp_months,
    team_attainment,
    team_lead_payout,
    team_quota,
)
from tests.quota.test_engine_builders import POLICY

D = Decimal
Q1, Q2 = Quarter(2025, 1), Quarter(2025, 2)
JAN, FEB, MAR, APR = (date(2025, m, 1) for m in (1, 2, 3, 4))
FLAT = D("250000.00")


@pytest.mark.parametrize(
    ("start", "months"),
    [
        (date(2025, 1, 13), (JAN, FEB, MAR)),
        (date(2025, 1, 14), (JAN, FEB, MAR)),
        (date(2025, 1, 15), (FEB, MAR, APR)),  # QD-18: the 15th is not "before the 15th"
        (date(2025, 1, 16), (FEB, MAR, APR)),
        (date(2025, 1, 17), (FEB, MAR, APR)),
        (date(2024, 12, 20), (JAN, FEB, MAR)),  # across a year
    ],
)
def test_it_starts_ramp_months_by_the_15th_rule_c10_qd18(start, months):
    assert ramp_months(start, POLICY) == months


def test_it_pays_a_jan_13_start_three_fixed_months_in_q1_c10():
    """Handbook example 9: "start on Jan 13th, you will get 100% fixed OTE for Jan, Feb & Mar"."""
    assert fixed_months_in(Q1, date(2025, 1, 13), POLICY) == 3
    assert fixed_months_in(Q2, date(2025, 1, 13), POLICY) == 0


def test_it_splits_a_jan_17_start_two_fixed_in_q1_one_in_q2_c10():
    """Handbook example 9: two fixed months for Q1, one for Q2 plus two quota'd months."""
    assert fixed_months_in(Q1, date(2025, 1, 17), POLICY) == 2
    assert fixed_months_in(Q2, date(2025, 1, 17), POLICY) == 1
    assert prorated_quota(FLAT, 1) == D("166666.67")  # 2 of 3 quota'd months, half-up


def test_it_prorates_nothing_for_a_ramped_rep_and_refuses_impossible_months_c10():
    assert fixed_months_in(Q1, None, POLICY) == 0
    assert prorated_quota(FLAT, 0) == FLAT
    assert prorated_quota(FLAT, 3) == D("0.00")
    with pytest.raises(ValueError):
        prorated_quota(FLAT, 4)


@pytest.mark.parametrize(
    ("start", "ramping"),
    [
        (date(2024, 12, 10), True),  # Dec, Jan, Feb: Q1 begins in a ramp month
        (date(2024, 10, 20), True),  # Nov, Dec, Jan
        (date(2024, 10, 10), False),  # Oct, Nov, Dec: ramped by Jan
        (date(2024, 10, 14), False),
        (date(2024, 10, 15), True),  # Nov, Dec, Jan
    ],
)
def test_it_calls_a_member_ramping_when_the_quarters_first_month_is_a_ramp_month_qd19(start, ramping):
    assert is_ramping(Q1, start, POLICY) is ramping


def test_it_sets_the_handbook_team_quota_of_875000_t2():
    """Handbook example 8: flat $250,000, 3 fully ramped and 1 ramping -> $875,000."""
    members = [
        TeamMember(i, FLAT, role_start_date=date(2023, 1, 1), joined_on=date(2024, 1, 1)) for i in range(3)
    ]
    members.append(TeamMember(9, FLAT, role_start_date=date(2024, 12, 2), joined_on=date(2024, 12, 2)))
    team = team_quota(Q1, members, POLICY)
    assert team.total == D("875000.00")
    assert [(line.counted_pct, line.reason) for line in team.lines] == [
        (100, "ramped"), (100, "ramped"), (100, "ramped"), (50, "ramping"),
    ]  # fmt: skip
    assert team.lines[-1].counted_quota == D("125000.00")


def test_it_leaves_the_target_unchanged_for_a_member_who_joins_mid_quarter_t3():
    joiner = TeamMember("new", FLAT, role_start_date=date(2023, 1, 1), joined_on=date(2025, 1, 2))
    first_day = TeamMember("day-one", FLAT, role_start_date=date(2023, 1, 1), joined_on=date(2025, 1, 1))
    team = team_quota(Q1, [joiner, first_day], POLICY)
    assert [(line.member, line.counted_pct, line.reason) for line in team.lines] == [
        ("new", 0, "joined_mid_quarter"), ("day-one", 100, "ramped"),
    ]  # fmt: skip
    assert team.total == FLAT
    assert team_attainment(team, {"new": D("90000.00"), "day-one": D("10000.00")}) == D("10000.00")


def test_it_counts_the_team_leads_own_reduced_quota_at_100_percent_qd20():
    lead = TeamMember("lead", D("100000.00"), role_start_date=date(2024, 12, 2), is_team_lead=True)
    team = team_quota(Q1, [lead], POLICY)
    assert (team.lines[0].counted_pct, team.lines[0].reason, team.total) == (100, "team_lead", D("100000.00"))


def test_it_changes_nothing_automatically_for_a_leaver_qd21():
    during = TeamMember("leaving", FLAT, left_on=date(2025, 2, 10))
    before = TeamMember("gone", FLAT, left_on=date(2024, 12, 31))
    team = team_quota(Q1, [during, before], POLICY)
    assert [line.member for line in team.lines] == ["leaving"]
    assert team.total == FLAT


def test_it_pays_the_team_lead_linearly_on_team_attainment_floored_at_zero_t4():
    assert team_lead_payout(D("20000.00"), D("437500.00"), D("875000.00")) == D("10000.00")
    assert team_lead_payout(D("20000.00"), D("1750000.00"), D("875000.00")) == D("40000.00")  # uncapped
    assert team_lead_payout(D("20000.00"), D("-5000.00"), D("875000.00")) == D("0.00")
    assert team_lead_payout(D("20000.00"), D("5000.00"), D("0.00")) == D("0.00")


def test_it_sums_attainment_of_counted_members_only_t4():
    members = [TeamMember("a", FLAT), TeamMember("b", FLAT, role_start_date=date(2024, 12, 2))]
    team = team_quota(Q1, members, POLICY)
    assert team_attainment(team, {"a": D("100.00"), "b": D("50.00")}) == D("150.00")
    assert team.lines[0].explanation.rule == "T-2"
