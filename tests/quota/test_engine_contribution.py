"""quota.engine.contribution: quarterly ARR, contribution, churn, grace, run rate, legacy (Q-5...Q-10)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.quota.test_engine_builders import contract, contribution, handbook_invoices, invoice, monthly

D = Decimal


def test_it_reproduces_the_handbook_table_giving_11160_q4_q5_q6_qd6():
    """quota.md Handbook example 1: Q2 Starting 19600, Ending 30760, Diff 11160."""
    result = contribution("2025-Q2", handbook_invoices())
    assert [m.quota_amount for m in result.months] == [
        D("1610.00"), D("1540.00"), D("1750.00"), D("2430.00"), D("1960.00"), D("3300.00"),
    ]  # fmt: skip
    assert [m.paid_count for m in result.months] == [1, 1, 1, 2, 1, 3]
    assert [m.multiplier for m in result.months] == [
        D("0.7"),
        D("0.7"),
        D("0.7"),
        D("0.9"),
        D("0.7"),
        D("1.1"),
    ]
    assert (result.starting_arr, result.ending_arr, result.contribution) == (
        D("19600.00"), D("30760.00"), D("11160.00"),
    )  # fmt: skip
    assert (result.k_prev, result.k_curr, result.churned, result.grace_applied) == (3, 3, False, False)
    assert {step.rule for step in result.explanation} >= {"Q-5", "Q-6"}


def test_it_ignores_invoices_after_the_current_quarter():
    later = [*handbook_invoices(), invoice("2025-07-01", product_analytics="9000.00")]
    assert contribution("2025-Q2", later).contribution == D("11160.00")


def test_it_annualises_one_invoiced_prior_period_by_12_q5():
    """Handbook example 4: "if it has one month it is that month multiplied by 12"."""
    result = contribution("2025-Q2", monthly("2025-03", "1000.00", "1000.00", "1000.00", "1000.00"))
    assert result.k_prev == 1
    assert result.starting_arr == D("700.00") * 12
    assert result.ending_arr == D("8400.00")
    assert result.contribution == D("0.00")


def test_it_annualises_two_invoiced_prior_periods_by_6_q5():
    """Handbook example 4: "if it has two invoices, then its the total of those two months multiplied by 6"."""
    result = contribution("2025-Q2", monthly("2025-02", *["1000.00"] * 5))
    assert result.k_prev == 2
    assert result.starting_arr == (D("700.00") + D("700.00")) * 6
    assert result.contribution == D("0.00")


@pytest.mark.parametrize(("first", "k"), [("2025-06", 1), ("2025-05", 2)])
def test_it_counts_k_from_the_first_invoice_month_in_the_current_quarter_too_qd7(first, k):
    invoices = monthly(first, *["1000.00"] * k)
    result = contribution("2025-Q2", invoices)
    assert (result.k_prev, result.k_curr) == (None, k)
    assert result.starting_arr == D("0.00")
    assert result.ending_arr == result.contribution == D("8400.00")


def test_it_gives_a_customer_back_from_a_zero_quarter_its_whole_ending_arr_q7():
    """contracts.md decision 2: a $0 previous quarter makes starting 0.00; k from the first invoice."""
    invoices = monthly("2025-01", "1000.00", "1000.00") + monthly("2025-04", "1000.00", "1000.00", "1000.00")
    result = contribution("2025-Q2", invoices)
    assert result.previous.zero_reason == "no_invoice_in_last_month"
    assert (result.starting_arr, result.k_curr, result.ending_arr) == (D("0.00"), 3, D("8400.00"))
    assert result.contribution == D("8400.00")


def test_it_computes_a_quarter_crossing_a_year_q16():
    result = contribution("2025-Q1", monthly("2024-10", "1000.00", "1000.00", "1000.00", *["2000.00"] * 3))
    assert [m.label for m in result.invoiced_months] == [
        "2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03",
    ]  # fmt: skip
    assert (result.starting_arr, result.ending_arr, result.contribution) == (
        D("8400.00"), D("16800.00"), D("8400.00"),
    )  # fmt: skip


def test_it_counts_a_quarter_whose_last_month_has_no_invoice_as_zero_q7():
    result = contribution("2025-Q2", handbook_invoices()[:-1])
    assert result.churned
    assert (result.ending_arr, result.contribution) == (D("0.00"), D("-19600.00"))
    assert result.churn_date == date(2025, 6, 1)


def test_it_counts_a_last_month_totalling_zero_as_churn_q7():
    result = contribution(
        "2025-Q2", [*handbook_invoices()[:-1], invoice("2025-06-01", product_analytics="0.00")]
    )
    assert result.churned and result.current.zero_reason == "last_month_totals_zero"
    assert result.churn_date == date(2025, 6, 1)
    assert result.invoiced_months[-1].label == "2025-06"


@pytest.mark.parametrize("cancelled", ["2025-04-01", "2025-05-17", "2025-06-30"])
def test_it_counts_a_cancellation_inside_the_quarter_as_churn_even_when_invoiced_q7(cancelled):
    result = contribution("2025-Q2", handbook_invoices(), subscription_cancelled_on=cancelled)
    assert result.churned
    assert result.churn_date == date.fromisoformat(cancelled)
    assert result.contribution == D("-19600.00")


def test_it_ignores_a_cancellation_after_the_quarter_q7():
    result = contribution("2025-Q2", handbook_invoices(), subscription_cancelled_on="2025-07-01")
    assert not result.churned and result.churn_date is None
    assert result.contribution == D("11160.00")


def test_it_marks_only_the_quarter_of_a_cancellation_so_a_reactivation_counts_qd8():
    result = contribution("2025-Q2", handbook_invoices(), subscription_cancelled_on="2025-03-31")
    assert result.previous.zero_reason == "cancelled_in_quarter"
    assert (result.starting_arr, result.contribution, result.churned) == (D("0.00"), D("30760.00"), False)


def test_it_answers_zero_for_an_account_with_no_invoice_at_all():
    result = contribution("2025-Q2", [])
    assert (result.starting_arr, result.ending_arr, result.contribution) == (D("0.00"), D("0.00"), D("0.00"))
    assert result.churned and result.churn_date is None and not result.grace_applied


@pytest.mark.parametrize(
    ("added", "grace"),
    [
        ("2025-04-10", True),  # churn 2025-06-01 < 2025-07-10
        ("2025-03-02", True),  # grace ends 2025-06-02
        ("2025-03-01", False),  # grace ends 2025-06-01, the churn day itself: strict, so it counts
        ("2025-01-15", False),  # grace ended 2025-04-15
    ],
)
def test_it_applies_grace_only_to_a_churn_before_added_plus_three_months_q8_qd9(added, grace):
    result = contribution("2025-Q2", handbook_invoices()[:-1], inherited=True, added_to_book_on=added)
    assert result.churned and result.churn_date == date(2025, 6, 1)
    assert result.grace_applied is grace
    assert result.raw_contribution == D("-19600.00")
    assert result.contribution == (D("0.00") if grace else D("-19600.00"))
    assert any(step.rule == "Q-8" for step in result.explanation)


@pytest.mark.parametrize(("cancelled", "grace"), [("2025-02-27", True), ("2025-02-28", False)])
def test_it_falls_back_to_the_months_last_day_for_the_grace_end_q8(cancelled, grace):
    """contracts.md decision 3: 2024-11-30 + 3 months = 2025-02-28."""
    invoices = monthly("2024-10", *["1000.00"] * 6)
    result = contribution(
        "2025-Q1",
        invoices,
        inherited=True,
        added_to_book_on="2024-11-30",
        subscription_cancelled_on=cancelled,
    )
    assert result.churn_date == date.fromisoformat(cancelled)
    assert result.grace_applied is grace


def test_it_gives_no_grace_for_added_to_book_on_alone_q8():
    result = contribution("2025-Q2", handbook_invoices()[:-1], added_to_book_on="2025-04-10")
    assert result.churned and not result.grace_applied
    assert result.contribution == D("-19600.00")


def test_it_still_counts_a_decline_that_is_not_churn_inside_grace_q8():
    invoices = monthly("2025-01", "3000.00", "3000.00", "3000.00", "1000.00", "1000.00", "1000.00")
    result = contribution("2025-Q2", invoices, inherited=True, added_to_book_on="2025-04-10")
    assert not result.churned and not result.grace_applied
    assert result.contribution == D("-16800.00")


def test_it_recognises_only_usage_beyond_the_annual_run_rate_q9():
    """Handbook example 5: a $120k annual contract invoiced $20k/mo is recognised on the extra $10k/mo."""
    invoices = monthly("2024-10", *["10000.00"] * 3) + monthly("2025-01", *["20000.00"] * 3)
    result = contribution(
        "2025-Q1", invoices, annual_contracts=[contract("2025-01-01", "2025-12-31", "120000.00")]
    )
    assert result.run_rate == D("10000")
    assert [m.quota_amount for m in result.current.months] == [(D("20000") - D("10000")) * D("0.7")] * 3
    assert result.starting_arr == D("0.00")  # QD-10: R applies before the contract started too
    assert result.ending_arr == result.contribution == D("84000.00")
    assert result.is_annual


def test_it_makes_a_monthly_to_annual_conversion_neutral_qd10():
    invoices = monthly("2024-10", *["10000.00"] * 6)
    result = contribution(
        "2025-Q1", invoices, annual_contracts=[contract("2025-02-01", "2026-01-31", "120000.00")]
    )
    assert result.contribution == D("0.00")


def test_it_sums_overlapping_contracts_in_force_on_the_reference_day_qd10():
    contracts = [
        contract("2024-07-01", "2025-06-30", "60000.00"),
        contract("2025-01-01", "2025-12-31", "60000.00"),
    ]
    result = contribution("2025-Q2", handbook_invoices(), annual_contracts=contracts)
    assert result.run_rate == D("10000")
    assert len(result.reference_contracts) == 2


def test_it_ignores_a_contract_that_ended_before_the_reference_day_q9():
    """contracts.md decision 4: not even the previous quarter gets its run rate."""
    ended = contribution(
        "2025-Q2", handbook_invoices(), annual_contracts=[contract("2024-07-01", "2025-06-29", "12000.00")]
    )
    assert ended.run_rate is None and ended.contribution == D("11160.00")
    last_day = contribution(
        "2025-Q2", handbook_invoices(), annual_contracts=[contract("2024-07-01", "2025-06-30", "12000.00")]
    )
    assert last_day.run_rate == D("1000")


def test_it_suppresses_a_legacy_conversion_in_its_first_year_q10_qd12():
    result = contribution(
        "2025-Q2",
        handbook_invoices(),
        annual_contracts=[contract("2024-07-01", "2026-06-30", "12000.00", legacy=True)],
    )
    assert result.legacy_suppressed
    assert len(result.invoiced_months) == 6
    assert all(m.quota_amount == D("0.00") and m.legacy_suppressed for m in result.months)
    assert result.contribution == D("0.00")


def test_it_counts_usage_above_r_again_on_the_legacy_contracts_first_anniversary_q10():
    """contracts.md decision 5: the reference day 2025-06-30 is start 2024-06-30 + 12 months itself."""
    result = contribution(
        "2025-Q2",
        handbook_invoices(),
        annual_contracts=[contract("2024-06-30", "2026-06-29", "12000.00", legacy=True)],
    )
    assert not result.legacy_suppressed
    assert [m.quota_amount for m in result.months] == [
        D("910.00"), D("840.00"), D("1050.00"), D("1530.00"), D("1260.00"), D("2200.00"),
    ]  # fmt: skip
    assert (result.starting_arr, result.ending_arr, result.contribution) == (
        D("11200.00"), D("19960.00"), D("8760.00"),
    )  # fmt: skip


def test_it_annualises_the_invoiced_months_so_far_in_a_provisional_run_qd28():
    result = contribution("2025-Q2", handbook_invoices()[:-1], provisional_as_of="2025-05-20")
    assert result.provisional
    assert result.k_curr == 2
    assert result.ending_arr == (D("2430.00") + D("1960.00")) * 6
    assert not result.churned


def test_it_takes_churn_only_from_a_cancellation_in_a_provisional_run_qd28():
    early = contribution("2025-Q2", handbook_invoices()[:3], provisional_as_of="2025-04-03")
    assert (early.ending_arr, early.churned) == (D("0.00"), False)
    cancelled = contribution(
        "2025-Q2",
        handbook_invoices()[:-1],
        provisional_as_of="2025-05-20",
        subscription_cancelled_on="2025-05-10",
    )
    assert cancelled.churned and cancelled.churn_date == date(2025, 5, 10)
