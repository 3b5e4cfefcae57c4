"""MRR per configuration (B-2…B-11, D-2…D-7) and CreditBot's alert decisions (B-28, D-18). Pure."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.engine import (
    AlertState,
    BillingFacts,
    InvoiceFacts,
    LineFacts,
    PreviousAlert,
    Scenario,
    amortized_shares,
    billed_amounts,
    classify_month,
    decide_alert,
    month_revenue,
    yearly_split,
)
from billing.engine.contract import Contract, purchase_invoices
from billing.engine.mrr import StartupGrant

JAN = date(2025, 1, 1)


def invoice(lines, *, tax="0.00", credits="0.00", notes=None, note_tax="0.00", gross=None):
    facts = tuple(LineFacts(k, D(gross[k]) if gross else D(v), D(v)) for k, v in lines.items())
    total = sum((f.net for f in facts), D(0)) + D(tax)
    return InvoiceFacts(
        1, JAN, facts, D(tax), total, D(credits), {k: D(v) for k, v in (notes or {}).items()}, D(note_tax)
    )


def test_paid_mrr_is_the_products_plus_tax_b5():
    rev = month_revenue(
        JAN, "PAID", [invoice({"product_analytics": "100.00", "session_replay": "50.00"}, tax="15.00")]
    )
    assert rev.total == D("165.00") and rev.tax == D("15.00")
    assert rev.products == {"product_analytics": D("100.00"), "session_replay": D("50.00")}
    assert rev.source == "INVOICE_BILLED"


def test_paid_mrr_deducts_credit_notes_per_product_and_their_tax_b3():
    inv = invoice(
        {"product_analytics": "100.00", "session_replay": "50.00"},
        tax="15.00",
        notes={"session_replay": "20.00"},
        note_tax="2.00",
    )
    assert inv.after_cn == D("143.00")
    rev = month_revenue(JAN, "PAID", [inv])
    assert rev.products == {"product_analytics": D("100.00"), "session_replay": D("30.00")}
    assert rev.total == D("143.00")


def test_paid_mrr_uses_net_after_coupons_b3():
    rev = month_revenue(
        JAN, "PAID", [invoice({"product_analytics": "70.00"}, gross={"product_analytics": "100.00"})]
    )
    assert rev.total == D("70.00") and rev.usage_gross == {"product_analytics": D("100.00")}


def test_startup_mrr_is_zero_while_credits_cover_the_invoice_b6():
    rev = month_revenue(
        JAN, "STARTUP", [invoice({"product_analytics": "100.00"}, tax="10.00", credits="110.00")]
    )
    assert rev.total == D("0.00") and rev.products == {"product_analytics": D("0.00")}


def test_startup_mrr_counts_only_the_uncovered_part_when_credits_run_out_b6():
    rev = month_revenue(
        JAN, "STARTUP", [invoice({"product_analytics": "300.00"}, tax="30.00", credits="110.00")]
    )
    # f = 110 / 330 = 1/3 → products 200.00, tax 20.00
    assert rev.products == {"product_analytics": D("200.00")} and rev.total == D("220.00")


def test_yearly_credit_total_is_the_payment_split_and_products_usage_at_the_discount_b7_b8_b10():
    contract = Contract(D("120000.00"), D("90000.00"), JAN)
    share = yearly_split(purchase_invoices(contract))[JAN]
    rev = month_revenue(
        JAN,
        "ENTERPRISE_YEARLY_CREDIT",
        [invoice({"product_analytics": "8000.00"}, tax="800.00", credits="8800.00")],
        credit_share=share,
        discount_percent=D("25.00"),
    )
    assert rev.total == D("7500.00")  # tax excluded (D-3)
    assert rev.products == {"product_analytics": D("6000.00")}
    assert rev.source == "CREDIT_PAYMENT_SPLIT"


def test_yearly_split_last_share_absorbs_the_rounding_b7_d4():
    shares = yearly_split(purchase_invoices(Contract(D("1000.00"), D("1000.00"), JAN)))
    assert list(shares.values()) == [D("83.33")] * 11 + [D("83.37")]


def test_amortized_total_comes_from_the_credits_subscription_spread_over_its_interval_b9_d5():
    shares = amortized_shares([(JAN, D("30000.00"), 3), (date(2025, 4, 1), D("10000.00"), 1)])
    assert shares == {
        JAN: D("10000.00"),
        date(2025, 2, 1): D("10000.00"),
        date(2025, 3, 1): D("10000.00"),
        date(2025, 4, 1): D("10000.00"),
    }
    usage = invoice({"session_replay": "4000.00"}, credits="3000.00")
    rev = month_revenue(
        JAN, "ENTERPRISE_AMORTIZED_CREDIT", [usage], credit_share=shares[JAN], discount_percent=D("20.00")
    )
    # + the 1000 charged beyond the credit on the usage customer (D-7); products from usage (B-9)
    assert rev.total == D("11000.00") and rev.products == {"session_replay": D("3200.00")}
    assert rev.source == "CREDITS_SUBSCRIPTION"


def test_legacy_is_computed_like_paid_b11():
    inv = invoice({"product_analytics": "10.00"}, tax="1.00")
    assert month_revenue(JAN, "LEGACY", [inv]).total == month_revenue(JAN, "PAID", [inv]).total == D("11.00")


def test_free_has_no_mrr_and_no_product_rows_b4():
    rev = month_revenue(JAN, "FREE", [invoice({"product_analytics": "10.00"})])
    assert rev.total == D("0.00") and rev.products == {}


def test_an_unmapped_line_counts_in_its_own_bucket_b12():
    rev = month_revenue(JAN, "PAID", [invoice({None: "5.00", "product_analytics": "10.00"})])
    assert rev.unmapped == D("5.00") and rev.total == D("15.00")


def test_f_is_zero_when_nothing_is_due_b3():
    assert billed_amounts(invoice({"product_analytics": "0.00"}, credits="0.00")).f == 0


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (BillingFacts(override="LEGACY", override_from=JAN, amortized_pair=True), "LEGACY"),
        (
            BillingFacts(override="LEGACY", override_from=date(2025, 2, 1), amortized_pair=True),
            "ENTERPRISE_AMORTIZED_CREDIT",
        ),
        (
            BillingFacts(amortized_pair=True, contract_terms=((JAN, date(2026, 1, 1)),)),
            "ENTERPRISE_AMORTIZED_CREDIT",
        ),
        (BillingFacts(contract_terms=((date(2025, 1, 20), date(2026, 1, 20)),)), "ENTERPRISE_YEARLY_CREDIT"),
        (BillingFacts(contract_terms=((date(2024, 1, 1), JAN),), billed_months=frozenset({JAN})), "PAID"),
        (BillingFacts(startup_grants=(StartupGrant(JAN, None, D("50000.00")),)), "STARTUP"),
        (BillingFacts(startup_grants=(StartupGrant(JAN, None, D("10.00"), ((JAN, D("10.00")),)),)), "FREE"),
        (
            BillingFacts(
                startup_grants=(
                    StartupGrant(
                        date(2024, 6, 1), date(2025, 6, 1), D("10.00"), ((date(2024, 7, 1), D("10.00")),)
                    ),
                )
            ),
            "STARTUP",
        ),
        (BillingFacts(startup_metadata=True, credit_expires_at=date(2025, 1, 2)), "STARTUP"),
        (BillingFacts(startup_metadata=True, credit_expires_at=JAN), "FREE"),
        (BillingFacts(invariant_broken=True, billed_months=frozenset({JAN})), "LEGACY"),
        (BillingFacts(billed_months=frozenset({JAN})), "PAID"),
        (BillingFacts(priced_subscription=True), "PAID"),
        (BillingFacts(), "FREE"),
    ],
)
def test_it_classifies_each_month_first_match_wins_b2_d8(facts, expected):
    """§7 example 1: a startup plan where users receive credits (e.g. $50,000) is STARTUP."""
    assert classify_month(JAN, facts)[0] == expected


# --- CreditBot alerts (B-28, D-18) ---------------------------------------------------------

RUN_OUT = date(2025, 9, 25)


def test_it_alerts_once_per_episode_b28():
    first = decide_alert(None, Scenario.BETWEEN, RUN_OUT, credit_added=False)
    assert first.send and first.state is AlertState.OPEN and first.alerted_run_out_date == RUN_OUT
    again = decide_alert(
        PreviousAlert(first.state, first.alerted_run_out_date, first.alerted_scenario),
        Scenario.BETWEEN,
        RUN_OUT + timedelta(days=3),
        credit_added=False,
    )
    assert not again.send and again.state is AlertState.OPEN and again.alerted_run_out_date == RUN_OUT


@pytest.mark.parametrize(("earlier_by", "send"), [(13, False), (14, True), (30, True)])
def test_it_re_alerts_when_run_out_moves_14_days_earlier_not_13_d18(earlier_by, send):
    previous = PreviousAlert(AlertState.ACKNOWLEDGED, RUN_OUT, "BETWEEN")
    decision = decide_alert(
        previous, Scenario.BETWEEN, RUN_OUT - timedelta(days=earlier_by), credit_added=False
    )
    assert decision.send is send
    assert decision.state is (AlertState.OPEN if send else AlertState.ACKNOWLEDGED)


def test_it_re_alerts_when_the_scenario_changes_d18():
    previous = PreviousAlert(AlertState.OPEN, RUN_OUT, "BETWEEN")
    decision = decide_alert(previous, Scenario.FIRST_HALF, RUN_OUT - timedelta(days=1), credit_added=False)
    assert decision.send and decision.alerted_scenario == "FIRST_HALF"


def test_it_resolves_when_run_out_reaches_the_term_end_d18():
    previous = PreviousAlert(AlertState.OPEN, RUN_OUT, "BETWEEN")
    decision = decide_alert(previous, Scenario.NONE, None, credit_added=False)
    assert decision.state is AlertState.RESOLVED and not decision.send


def test_it_resolves_when_credit_is_added_d18():
    previous = PreviousAlert(AlertState.ACKNOWLEDGED, RUN_OUT, "BETWEEN")
    decision = decide_alert(previous, Scenario.BETWEEN, RUN_OUT, credit_added=True)
    assert decision.state is AlertState.RESOLVED and not decision.send
    # the next day, still short of the term end: a new episode
    nxt = decide_alert(
        PreviousAlert(decision.state, decision.alerted_run_out_date, decision.alerted_scenario),
        Scenario.BETWEEN,
        RUN_OUT,
        credit_added=False,
    )
    assert nxt.send and nxt.state is AlertState.OPEN


def test_it_stays_quiet_without_a_scenario():
    assert decide_alert(None, Scenario.NONE, None, credit_added=False).state is AlertState.NONE


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Scenario)), st.integers(min_value=-40, max_value=40)), max_size=30
    )
)
def test_a_sent_alert_always_leaves_it_open_with_the_sent_figures_d18(days):
    previous = None
    for scenario, shift in days:
        run_out = None if scenario is Scenario.NONE else RUN_OUT + timedelta(days=shift)
        decision = decide_alert(previous, scenario, run_out, credit_added=False)
        if decision.send:
            assert decision.state is AlertState.OPEN and decision.alerted_run_out_date == run_out
        if scenario is Scenario.NONE:
            assert not decision.send
        previous = PreviousAlert(decision.state, decision.alerted_run_out_date, decision.alerted_scenario)
