"""quota.engine.attainment: out of policy, exclusions, eligibility, deferrals, book attainment
(Q-11...Q-13, C-4...C-6, QD-13, QD-17)."""

from datetime import date
from decimal import Decimal

import pytest

from quota.engine import (
    AccountLineInput,
    Deferral,
    InvoicePayment,
    Quarter,
    attainment_line,
    attainment_pct,
    book_attainment,
    in_book_on,
    validate_exclusion,
)
from tests.quota.test_engine_builders import POLICY, contract, contribution, handbook_invoices, monthly

D = Decimal
Q1, Q2 = Quarter(2025, 1), Quarter(2025, 2)
PAID = (InvoicePayment(D("3000.00"), date(2025, 7, 5), "in_jun"),)


def growing():
    return contribution("2025-Q2", handbook_invoices())  # +11160.00


def falling():
    return contribution("2025-Q2", monthly("2025-01", *["3000.00"] * 3, *["1000.00"] * 3))  # -16800.00


def line(result=None, **facts):
    facts.setdefault("quarter_invoices", PAID)
    facts.setdefault("lifetime_paid_invoices", 6)
    return attainment_line(AccountLineInput(account=1, contribution=result or growing(), **facts), POLICY)


def test_it_counts_an_eligible_positive_contribution_at_once_q13():
    counted = line()
    assert (counted.eligibility, counted.counted, counted.deferred_out) == (
        "eligible",
        D("11160.00"),
        D("0.00"),
    )
    assert counted.bucket == "monthly_change"


@pytest.mark.parametrize(
    ("paid_on", "eligibility"), [("2025-07-14", "eligible"), ("2025-07-15", "deferred_unpaid_at_cutoff")]
)
def test_it_defers_a_positive_contribution_with_an_invoice_unpaid_at_the_14th_c4(paid_on, eligibility):
    invoices = (InvoicePayment(D("3000.00"), date.fromisoformat(paid_on), "in_jun"),)
    result = line(quarter_invoices=invoices)
    assert result.eligibility == eligibility
    assert result.counted == (D("11160.00") if eligibility == "eligible" else D("0.00"))
    assert result.deferred_out == (D("0.00") if eligibility == "eligible" else D("11160.00"))


def test_it_treats_an_invoice_covered_by_credits_as_paid_when_issued_c4():
    assert line(quarter_invoices=(InvoicePayment(D("0.00"), None),)).eligibility == "eligible"
    assert (
        line(quarter_invoices=(InvoicePayment(D("10.00"), None, "open"),)).eligibility
        == "deferred_unpaid_at_cutoff"
    )


@pytest.mark.parametrize(("paid", "eligibility"), [(1, "deferred_first_invoices"), (2, "eligible")])
def test_it_needs_two_lifetime_paid_invoices_for_a_monthly_customer_c5(paid, eligibility):
    assert line(lifetime_paid_invoices=paid).eligibility == eligibility


def test_it_counts_an_inherited_paying_monthly_customer_from_your_month_1_c5_qd13():
    """Handbook example 7: lifetime paid invoices include those paid before this TAM owned it."""
    inherited = contribution("2025-Q2", handbook_invoices(), inherited=True, added_to_book_on="2025-04-01")
    assert line(inherited, lifetime_paid_invoices=5).counted == D("11160.00")


def test_it_does_not_apply_the_first_invoices_rule_to_an_annual_customer_c5():
    annual = contribution(
        "2025-Q2", handbook_invoices(), annual_contracts=[contract("2025-01-01", "2025-12-31", "1200.00")]
    )
    result = line(annual, lifetime_paid_invoices=0)
    assert result.eligibility == "eligible"
    assert result.bucket == "annual_above_run_rate"


def test_it_counts_a_negative_contribution_at_once_even_when_unpaid_c6():
    result = line(falling(), quarter_invoices=(InvoicePayment(D("700.00"), None),), lifetime_paid_invoices=0)
    assert (result.eligibility, result.counted, result.deferred_out) == (
        "eligible",
        D("-16800.00"),
        D("0.00"),
    )


def test_it_releases_earlier_deferrals_unchanged_into_the_first_eligible_quarter_c6():
    released = line(pending_deferrals=(Deferral(Q1, D("5000.00")),))
    assert released.released_in == D("5000.00") and released.released_from == (Q1,)
    assert released.attainment == D("16160.00")


def test_it_keeps_earlier_deferrals_waiting_while_the_cutoff_still_fails_c6():
    waiting = line(pending_deferrals=(Deferral(Q1, D("5000.00")),), lifetime_paid_invoices=1)
    assert waiting.released_in == D("0.00") and waiting.released_from == ()
    assert waiting.deferred_out == D("11160.00")


def test_it_releases_deferrals_in_a_quarter_whose_own_contribution_is_negative_c6():
    result = line(falling(), pending_deferrals=(Deferral(Q1, D("5000.00")),))
    assert result.counted == D("-16800.00") and result.released_in == D("5000.00")


def test_it_excludes_a_positive_out_of_policy_contribution_but_counts_a_negative_one_q11():
    excluded = line(out_of_policy=True)
    assert excluded.out_of_policy_excluded and excluded.counted == D("0.00")
    assert excluded.bucket == "churn_and_adjustments"
    negative = line(falling(), out_of_policy=True)
    assert not negative.out_of_policy_excluded and negative.counted == D("-16800.00")


def test_it_adds_an_approved_optimisation_exclusion_to_a_drop_q12():
    result = line(falling(), exclusion_approved=D("3000.00"))
    assert (result.exclusion_amount, result.adjusted_contribution) == (D("3000.00"), D("-13800.00"))
    assert result.bucket == "churn_and_adjustments"


def test_it_holds_an_exclusion_to_the_drop_as_computed_now_q12():
    assert line(falling(), exclusion_approved=D("20000.00")).adjusted_contribution == D("0.00")
    assert line(exclusion_approved=D("500.00")).exclusion_amount == D("0.00")  # no drop, nothing to exclude


def test_it_never_lifts_a_grace_floored_churn_above_zero_with_an_exclusion_q8_q12():
    churn = contribution("2025-Q2", handbook_invoices()[:-1], inherited=True, added_to_book_on="2025-04-10")
    result = line(churn, exclusion_approved=D("1000.00"))
    assert result.adjusted_contribution == D("0.00") and result.bucket == "churn_and_adjustments"


@pytest.mark.parametrize("amount", ["0.00", "-1.00", "16800.01"])
def test_it_refuses_an_exclusion_outside_zero_and_the_drop_q12(amount):
    with pytest.raises(ValueError):
        validate_exclusion(D(amount), starting_arr=D("33600.00"), ending_arr=D("16800.00"))


def test_it_accepts_a_partial_exclusion_q12():
    validate_exclusion(D("16800.00"), starting_arr=D("33600.00"), ending_arr=D("16800.00"))


def test_it_sums_the_book_into_four_buckets_with_releases_and_adjustments_q13_qd17():
    new = contribution("2025-Q2", monthly("2025-06", "1000.00"))  # +8400.00, starting 0
    lines = [
        line(),
        line(falling(), exclusion_approved=D("1000.00")),
        line(new, pending_deferrals=(Deferral(Q1, D("250.00")),)),
        line(new, lifetime_paid_invoices=1),  # deferred
    ]
    book = book_attainment(Q2, lines, adjustments=[D("-100.00")])
    assert book.buckets == {
        "monthly_change": D("11160.00"),
        "annual_above_run_rate": D("0.00"),
        "new_customer": D("8400.00"),
        "churn_and_adjustments": D("-15800.00"),
    }
    assert (book.deferred_in, book.deferred_out, book.exclusions_total, book.adjustments_total) == (
        D("250.00"), D("8400.00"), D("1000.00"), D("-100.00"),
    )  # fmt: skip
    assert book.attainment == D("11160.00") + D("8400.00") - D("15800.00") + D("250.00") - D("100.00")


def test_it_refuses_lines_of_another_quarter_in_a_book_q13():
    with pytest.raises(ValueError):
        book_attainment(Q1, [line()])


def test_it_counts_a_membership_open_or_pending_removal_on_the_quarters_last_day_q13():
    last = Q2.last_day
    assert in_book_on(last, added_on=date(2025, 6, 30), ended_on=None)
    assert in_book_on(
        last, added_on=date(2024, 1, 1), ended_on=last
    )  # pending removal, ends after the calculation
    assert not in_book_on(last, added_on=date(2024, 1, 1), ended_on=date(2025, 3, 31))
    assert not in_book_on(last, added_on=date(2025, 7, 1), ended_on=None)


def test_it_gives_attainment_as_percentage_points_possibly_negative_qd16():
    assert attainment_pct(D("200000.00"), D("200000.00")) == D("100.00")
    assert attainment_pct(D("-5000.00"), D("200000.00")) == D("-2.50")
    assert attainment_pct(D("1.00"), D("0.00")) is None


def test_it_explains_each_line_with_rule_ids():
    result = line(falling(), exclusion_approved=D("1000.00"), pending_deferrals=(Deferral(Q1, D("1.00")),))
    assert {step.rule for step in result.explanation} >= {"Q-5", "Q-6", "Q-12", "C-4", "C-6"}
