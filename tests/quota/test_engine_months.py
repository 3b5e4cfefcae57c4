"""quota.engine.months: paid products, multiplier and quota amount per month (Q-1...Q-4, Q-9)."""

from datetime import date
from decimal import Decimal

import pytest

from quota.engine import DEFAULT_PRIMARY_PRODUCTS, QuotaPolicy, multiplier
from quota.engine.months import month_result, quota_amount
from tests.quota.test_engine_builders import POLICY, invoice

D = Decimal
APRIL = date(2025, 4, 1)


def test_it_knows_the_eleven_primary_products_in_contract_table_order_q1():
    assert DEFAULT_PRIMARY_PRODUCTS == (
        "product_analytics", "session_replay", "feature_flags", "surveys", "error_tracking", "logs",
        "llm_observability", "posthog_ai", "data_warehouse", "data_pipelines", "workflows",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("paid", "expected"), [(0, "0.7"), (1, "0.7"), (2, "0.9"), (3, "1.1"), (4, "1.3"), (11, "2.7")]
)
def test_it_gives_three_paid_products_1_1x_q3_qd1_qd2(paid, expected):
    """Handbook example 2: "3 paid products = 1.1x"; n = 0 is 0.7 (QD-1); no cap at 11 (QD-2)."""
    assert multiplier(paid, POLICY) == D(expected)


def test_it_caps_the_multiplier_only_when_a_policy_sets_a_cap_q3():
    assert multiplier(11, QuotaPolicy(multiplier_cap=D("1.50"))) == D("1.50")


def test_it_refuses_a_negative_paid_count():
    with pytest.raises(ValueError):
        multiplier(-1, POLICY)


def test_it_moves_from_0_7x_to_1_1x_on_the_same_arr_q3():
    """Expansion strategies: "Going from 1 to 3 paid products moves the multiplier from 0.7x to 1.1x"."""
    one = month_result(APRIL, [invoice("2025-04-01", product_analytics="3000.00")], POLICY)
    three = month_result(
        APRIL,
        [invoice("2025-04-01", product_analytics="1000.00", session_replay="1000.00", surveys="1000.00")],
        POLICY,
    )
    assert (one.invoice_amount, one.multiplier, one.quota_amount) == (D("3000.00"), D("0.70"), D("2100.00"))
    assert (three.invoice_amount, three.multiplier, three.quota_amount) == (
        D("3000.00"),
        D("1.10"),
        D("3300.00"),
    )


@pytest.mark.parametrize(("amount", "paid"), [("200.00", False), ("200.01", True), ("199.99", False)])
def test_it_counts_a_product_as_paid_only_strictly_above_200_q2(amount, paid):
    month = month_result(
        APRIL, [invoice("2025-04-01", product_analytics="1000.00", session_replay=amount)], POLICY
    )
    assert ("session_replay" in month.paid_products) is paid
    assert month.multiplier == (D("0.90") if paid else D("0.70"))


def test_it_sums_a_product_over_the_months_invoices_before_the_threshold_qd25():
    month = month_result(
        APRIL,
        [
            invoice("2025-04-01", product_analytics="1000.00", feature_flags="100.00"),
            invoice("2025-04-15", feature_flags="100.01"),
        ],
        POLICY,
    )
    assert month.invoice_count == 2
    assert month.paid_products == ("product_analytics", "feature_flags")
    assert month.invoice_amount == D("1200.01")


def test_it_counts_non_primary_spend_in_the_amount_but_never_as_a_product_qd4_qd5():
    month = month_result(
        APRIL, [invoice("2025-04-01", product_analytics="1000.00", experiments="5000.00")], POLICY
    )
    assert month.paid_products == ("product_analytics",)
    assert month.invoice_amount == D("6000.00")
    assert month.quota_amount == D("4200.00")  # the whole invoice x m


def test_it_lists_paid_products_in_the_policys_catalogue_order_not_the_lines_order():
    """contracts.md quota preview decision 1: Product keys table order, not the request's or Q-1's."""
    month = month_result(
        APRIL,
        [
            invoice(
                "2025-04-01", workflows="300.00", logs="300.00", surveys="300.00", product_analytics="300.00"
            )
        ],
        POLICY,
    )
    assert month.paid_products == ("product_analytics", "surveys", "logs", "workflows")


def test_it_rounds_the_quota_amount_half_up_to_cents_q4_qd29():
    month = month_result(APRIL, [invoice("2025-04-01", product_analytics="0.15")], POLICY)
    assert month.quota_amount == D("0.11")  # 0.105 half-up; banker's rounding would give 0.10
    assert quota_amount(D("0.25"), D("0.90"), D("0")) == D("0.23")  # 0.225


def test_it_keeps_r_exact_and_rounds_only_the_months_quota_amount_q9():
    """contracts.md decision 4: R = 12.06 / 12 = 1.005 exactly; rounding R first would give 0.69."""
    assert quota_amount(D("2.00"), D("0.70"), D("12.06")) == D("0.70")  # (2.00 - 1.005) x 0.7 = 0.6965
    assert quota_amount(D("5000.00"), D("0.70"), D("120000.00")) == D("0.00")  # below R: max(0, ...)


def test_it_explains_which_lines_counted_and_why_q2():
    month = month_result(
        APRIL,
        [invoice("2025-04-01", product_analytics="2000.00", session_replay="200.00", experiments="50.00")],
        POLICY,
    )
    text = [step.text for step in month.explanation]
    assert "product_analytics 2000.00: paid: above 200.00." in text
    assert "session_replay 200.00: not paid: not above 200.00." in text
    assert any(t.startswith("experiments 50.00: not a quota primary product") for t in text)
    assert {step.rule for step in month.explanation} >= {"Q-2", "Q-3", "Q-4", "QD-25"}
    assert [(line.product, line.paid) for line in month.lines] == [
        ("product_analytics", True), ("session_replay", False), ("experiments", False),
    ]  # fmt: skip


def test_it_gives_an_empty_month_no_products_and_a_zero_quota_amount():
    month = month_result(APRIL, [], POLICY)
    assert (month.invoice_count, month.invoice_amount, month.paid_products, month.quota_amount) == (
        0, D("0.00"), (), D("0.00"),
    )  # fmt: skip
    assert month.label == "2025-04"
