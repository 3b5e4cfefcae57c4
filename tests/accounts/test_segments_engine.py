"""Segment criteria at their edges (accounts.md §1.4, SG-1, D-10, D-30) and Top 40 ranking."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accounts.engine.segments import (
    CATALOGUE,
    RankInput,
    SegmentFacts,
    computed_memberships,
    rank_top_40,
)

TODAY = date(2026, 11, 18)


def keys(**facts) -> set[str]:
    return {m.key for m in computed_memberships(SegmentFacts(account_id=1, **facts), TODAY)}


def test_it_uses_the_exact_labels_of_the_spec_table():
    assert [(d.key, d.label, d.kind) for d in CATALOGUE][:4] == [
        ("arr_60k", "$60K ARR", "computed"), ("arr_20k", "$20K ARR", "computed"),
        ("startup_plan", "Startup Plan", "computed"), ("annual_plan", "Annual Plan", "computed"),
    ]
    assert {d.key for d in CATALOGUE if d.kind == "manual"} == {"am_managed", "leads", "churn_risk"}
    assert dict((d.key, d.label) for d in CATALOGUE)["first_payment_this_month"] == (
        "First payment forecasted this month"
    )


def test_sg1_arr_exactly_20000_is_20k_and_exactly_60000_is_60k():
    assert keys(arr=Decimal("19999.99"), has_owner=True) == set()
    assert keys(arr=Decimal("20000.00"), has_owner=True) == {"arr_20k"}
    assert keys(arr=Decimal("59999.99"), has_owner=True) == {"arr_20k"}
    assert keys(arr=Decimal("60000.00"), has_owner=True) == {"arr_60k"}


def test_sg1_startup_plan_accounts_are_in_neither_arr_segment():
    facts = dict(arr=Decimal("80000"), stripe_balance=Decimal("-10"), credit_expires_at=date(2027, 1, 1),
                 is_startup_plan_customer=True, has_owner=True)
    assert keys(**facts) == {"startup_plan"}


def test_d30_credit_expiring_today_no_longer_counts_but_tomorrow_does():
    base = dict(stripe_balance=Decimal("-500"), is_startup_plan_customer=True, has_owner=True)
    assert keys(credit_expires_at=TODAY, **base) == set()
    assert keys(credit_expires_at=date(2026, 11, 19), **base) == {"startup_plan"}


def test_sg1_prepaid_credit_of_a_non_startup_or_unknown_customer_is_annual_plan():
    base = dict(stripe_balance=Decimal("-500"), credit_expires_at=date(2026, 11, 19), has_owner=True)
    assert keys(is_startup_plan_customer=False, **base) == {"annual_plan"}
    assert keys(is_startup_plan_customer=None, **base) == {"annual_plan"}
    expired = dict(base, credit_expires_at=TODAY)
    assert keys(is_startup_plan_customer=False, **expired) == set()


def test_sg1_a_yearly_subscription_is_annual_plan_and_a_zero_balance_is_not_credit():
    assert keys(subscription_interval="year", has_owner=True) == {"annual_plan"}
    assert keys(stripe_balance=Decimal("0"), credit_expires_at=date(2027, 1, 1), has_owner=True) == set()


def test_d30_active_trial_is_strictly_after_today():
    assert keys(free_trial_until=TODAY, has_owner=True) == set()
    assert keys(free_trial_until=date(2026, 11, 19), has_owner=True) == {"active_trial"}


def test_d30_first_payment_this_month_is_bounded_by_the_month_end():
    base = dict(ltv=Decimal("0"), forecasted_mrr=Decimal("1.01"), has_owner=True)
    assert keys(current_period_end=date(2026, 11, 30), **base) == {"first_payment_this_month"}
    assert keys(current_period_end=date(2026, 12, 1), **base) == set()  # next month
    assert keys(current_period_end=TODAY, **base) == set()  # must be after today
    assert keys(current_period_end=date(2026, 11, 30), **dict(base, forecasted_mrr=Decimal("1"))) == set()
    assert keys(current_period_end=date(2026, 11, 30), **dict(base, ltv=Decimal("5"))) == set()


def test_d29_tam_csm_candidate_is_20k_without_an_owner():
    assert keys(arr=Decimal("20000"), has_owner=False) == {"arr_20k", "tam_csm_candidate"}
    assert keys(arr=Decimal("19999.99"), has_owner=False) == set()


def test_every_membership_explains_itself_with_a_rule_and_inputs():
    (membership,) = computed_memberships(SegmentFacts(1, arr=Decimal("60000"), has_owner=True), TODAY)
    assert membership.explanation() == {
        "rule": "SG-1", "reason": "not in Startup Plan and ARR ≥ 60,000", "inputs": {"arr": "60000"}
    }


def test_d10_ties_at_rank_40_are_all_included_and_pins_override():
    accounts = [RankInput(i, Decimal(1000 - i)) for i in range(1, 40)]  # ranks 1..39
    accounts += [RankInput(100, Decimal("5")), RankInput(101, Decimal("5"))]  # both rank 40
    accounts += [RankInput(102, Decimal("4")), RankInput(103, Decimal("0"))]
    accounts += [RankInput(104, Decimal("1"), pin="pinned_in"), RankInput(1, Decimal("2000"), pin="pinned_out")]
    accounts = [a for a in accounts if not (a.account_id == 1 and a.pin == "auto")]
    ranks = {r.account_id: r for r in rank_top_40(accounts)}
    assert ranks[1].arr_rank == 1 and not ranks[1].is_top_40  # pinned out
    assert ranks[100].arr_rank == ranks[101].arr_rank == 40
    assert ranks[100].is_top_40 and ranks[101].is_top_40
    assert ranks[102].arr_rank == 42 and not ranks[102].is_top_40
    assert ranks[103].arr_rank is None and not ranks[103].is_top_40  # arr 0 is unranked
    assert ranks[104].is_top_40  # pinned in


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=80))
def test_d10_property_without_pins_top_40_is_exactly_the_ranked_accounts_up_to_40(arrs):
    ranks = rank_top_40(RankInput(i, arr) for i, arr in enumerate(arrs))
    for rank in ranks:
        assert rank.is_top_40 == (rank.arr_rank is not None and rank.arr_rank <= 40)
    # a richer account never ranks below a poorer one
    by_id = {r.account_id: r for r in ranks}
    for i, a in enumerate(arrs):
        for j, b in enumerate(arrs):
            if a > b > 0:
                assert by_id[i].arr_rank < by_id[j].arr_rank


@given(st.decimals(min_value=0, max_value=200000, places=2), st.booleans())
def test_sg1_property_an_account_is_in_at_most_one_arr_segment(arr, startup):
    facts = SegmentFacts(1, arr=arr, has_owner=True, stripe_balance=Decimal("-1") if startup else Decimal("0"),
                         credit_expires_at=date(2027, 1, 1), is_startup_plan_customer=True if startup else None)
    found = {m.key for m in computed_memberships(facts, TODAY)}
    assert len(found & {"arr_20k", "arr_60k"}) <= 1
    assert not (startup and found & {"arr_20k", "arr_60k"})
