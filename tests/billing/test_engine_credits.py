"""The credit engines: ledger, tranches, expiry, rollover, burn, run-out scenarios and actions
(B-22…B-33, D-11…D-20, contracts.md credits §1…§8). Pure: no database."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.engine import Contract, add_months, derived_grants, purchase_invoices, split_evenly
from billing.engine.contract import contract_blocks
from billing.engine.credits import CreditsInput, GrantInput, InvoiceInput, evaluate_credits
from billing.engine.ledger import LedgerGrant, LedgerInvoice, run_ledger
from billing.engine.runway import Burn, Renewal, Scenario, Term, burn_rate, classify_run_out, run_out

CONTRACT = Contract(D("120000.00"), D("90000.00"), date(2025, 1, 1))


def monthly(first: date, amounts: list[str], key: str = "product_analytics") -> tuple[InvoiceInput, ...]:
    out = []
    for k, amount in enumerate(amounts):
        start = add_months(first, k)
        out.append(InvoiceInput(start, add_months(start, 1), {key: D(amount)}))
    return tuple(out)


def evaluate(as_of=date(2025, 6, 10), contract=CONTRACT, invoices=(), **kw):
    return evaluate_credits(CreditsInput(as_of=as_of, contract=contract, invoices=invoices, **kw))


# --- scenarios at their edges (B-29…B-31, §7 example 3) ---------------------------------

TERM = Term.of(contract_blocks(CONTRACT)[0])


@pytest.mark.parametrize(
    ("run_out_on", "scenario"),
    [
        (date(2025, 6, 30), Scenario.FIRST_HALF),  # the day before first_half_end
        (date(2025, 7, 1), Scenario.BETWEEN),  # first_half_end itself
        (date(2025, 11, 1), Scenario.BETWEEN),  # last_two_months_from itself
        (date(2025, 11, 2), Scenario.LAST_TWO_MONTHS),
        (date(2025, 12, 31), Scenario.LAST_TWO_MONTHS),
        (date(2026, 1, 1), Scenario.NONE),  # run-out on the term end: no alert (B-28)
        (None, Scenario.NONE),
    ],
)
def test_it_classifies_a_run_out_at_each_window_edge_b29_b30_b31(run_out_on, scenario):
    assert classify_run_out(run_out_on, TERM, as_of=date(2025, 6, 10), contract=CONTRACT)[0] is scenario


@pytest.mark.parametrize(
    ("term_months", "first_half_end"),
    [(12, date(2025, 7, 1)), (24, date(2026, 1, 1)), (36, date(2026, 7, 1))],
)
def test_it_puts_the_first_half_end_at_six_twelve_eighteen_months_example_3(term_months, first_half_end):
    contract = Contract(
        D("1000.00"), D("900.00"), date(2025, 1, 1), term_months, prepaid_years=term_months // 12
    )
    assert contract_blocks(contract)[0].first_half_end == first_half_end


def test_it_proposes_an_expansion_co_terminous_with_the_original_example_4_b26_b29():
    result = evaluate(invoices=monthly(date(2025, 1, 1), ["22000.00"] * 5))
    assert result.run_out_date == date(2025, 6, 14)  # 1 June + ⌊10000 x 92 / 66000⌋ = 13 days
    assert result.scenario is Scenario.FIRST_HALF and result.alert
    assert result.action == {
        "kind": "expansion",
        "start": date(2025, 6, 1),
        "end": date(2026, 1, 1),
        "term_months": 7,
        "discount_percent": D("25.00"),
    }


def test_it_proposes_a_twelve_month_order_form_from_the_run_out_period_example_5_b31():
    result = evaluate(
        invoices=monthly(date(2025, 1, 1), ["10000.00", "10000.00", "14880.00", "14400.00", "14880.00"])
    )
    assert result.scenario is Scenario.BETWEEN
    assert result.action == {"kind": "new_order_form", "start": date(2025, 9, 1), "term_months": 12}


def _bridge(renewal=None):
    return evaluate(invoices=monthly(date(2025, 1, 1), ["10500.00"] * 5), renewal=renewal)


def test_it_offers_a_renewal_bridge_in_the_last_two_months_b30_d19():
    result = _bridge()
    assert result.run_out_date == date(2025, 12, 15) and result.scenario is Scenario.LAST_TWO_MONTHS
    action = result.action
    assert action["kind"] == "renewal_bridge" and action["renewal_start"] == date(2026, 1, 1)
    assert action["sign_before"] == date(2025, 12, 15) and action["expires_at"] == date(2026, 1, 1)
    # 31500 / 92 a day x 17 days = 5820.65…, rounded up to the dollar (D-19)
    assert action["amount"] == D("5821.00") and action["minimum_annual_spend"] == D("90000.00")
    assert action["eligible"] is None  # nothing signed yet


@pytest.mark.parametrize(
    ("price", "signed_on", "eligible"),
    [
        ("90000.00", date(2025, 12, 1), True),
        ("89999.99", date(2025, 12, 1), False),
        ("90000.00", date(2025, 12, 15), False),
        ("120000.00", date(2025, 12, 14), True),
    ],
)
def test_it_makes_the_bridge_eligible_only_for_an_equal_or_bigger_renewal_signed_before_run_out_b30(
    price, signed_on, eligible
):
    result = _bridge(Renewal(D(price), 12, date(2026, 1, 1), signed_on))
    assert result.action["eligible"] is eligible


def test_it_asks_to_pay_next_year_early_in_the_last_two_months_of_an_earlier_year_b25_d17():
    contract = Contract(D("360000.00"), D("270000.00"), date(2025, 1, 1), 36, prepaid_years=1)
    result = evaluate(contract=contract, invoices=monthly(date(2025, 1, 1), ["21000.00"] * 5))
    # year-1 grant 120000: 15000 left, burn 63000 / 92 days → run-out 2025-06-22 … FIRST_HALF of year 1
    assert result.term.end == date(2026, 1, 1) and result.scenario is Scenario.FIRST_HALF
    late = evaluate(contract=contract, invoices=monthly(date(2025, 1, 1), ["10500.00"] * 5))
    assert late.scenario is Scenario.LAST_TWO_MONTHS
    assert late.action == {
        "kind": "pay_next_year_early",
        "next_grant_on": date(2026, 1, 1),
        "amount": D("120000.00"),
        "invoice_amount": D("90000.00"),
    }


def test_it_has_no_scenario_for_a_self_serve_purchase_but_a_runway_decision_3():
    contract = Contract(D("1200.00"), D("1000.00"), date(2025, 1, 1), source="SELF_SERVE")
    result = evaluate(contract=contract, invoices=monthly(date(2025, 1, 1), ["150.00"] * 5))
    assert result.scenario is Scenario.NONE and result.action is None and result.rollover is None
    assert result.term.end == date(2026, 1, 1)
    # each invoice takes the previous month's tranche and bills the other 50 (B-23); June's tranche,
    # added on the 1 June boundary, waits for the next period (decision 1)
    assert [r.billed for r in result.invoices] == [D("50.00")] * 5
    assert result.available_credit == D("100.00")
    assert result.runway_days is not None


def test_it_has_no_scenario_after_the_contract_end():
    result = evaluate(as_of=date(2026, 1, 5), invoices=monthly(date(2025, 1, 1), ["10000.00"] * 12))
    assert result.scenario is Scenario.NONE and result.action is None


# --- ledger, tranches, expiry (B-22…B-25, B-33, D-11) ----------------------------------------


def test_it_splits_self_serve_credit_into_twelve_tranches_the_last_taking_the_remainder_b23_d15():
    grants = derived_grants(Contract(D("1000.00"), D("800.00"), date(2025, 1, 31), source="SELF_SERVE"))
    assert [g.amount for g in grants] == [D("83.33")] * 11 + [D("83.37")]
    assert grants[1].starts_on == date(2025, 2, 28) and grants[1].expires_at == date(2026, 2, 28)
    assert sum(g.amount for g in grants) == D("1000.00")


def test_it_allocates_paid_yearly_credit_per_year_expiring_at_the_contract_end_b25_d14():
    contract = Contract(D("100000.00"), D("80000.00"), date(2025, 1, 1), 36, prepaid_years=1)
    grants = derived_grants(contract)
    assert [g.amount for g in grants] == [D("33333.33"), D("33333.33"), D("33333.34")]
    assert [g.starts_on for g in grants] == [date(2025, 1, 1), date(2026, 1, 1), date(2027, 1, 1)]
    assert {g.expires_at for g in grants} == {date(2028, 1, 1)}
    assert [(p.amount, p.months) for p in purchase_invoices(contract)] == [
        (D("26666.67"), 12),
        (D("26666.67"), 12),
        (D("26666.66"), 12),
    ]


def test_it_splits_an_upfront_multi_year_contract_over_its_whole_term_decision_10():
    contract = Contract(D("18000.00"), D("18000.00"), date(2025, 1, 1), 18, prepaid_years=2)
    assert [(p.amount, p.months) for p in purchase_invoices(contract)] == [(D("18000.00"), 18)]


def test_it_draws_the_earliest_expiring_grant_first_d11():
    grants = [
        LedgerGrant("late", "ONE_TIME", D("100.00"), date(2025, 1, 1), None),
        LedgerGrant("soon", "ONE_TIME", D("100.00"), date(2025, 1, 1), date(2025, 6, 1)),
        LedgerGrant("mid", "ONE_TIME", D("100.00"), date(2025, 1, 1), date(2025, 9, 1)),
    ]
    result = run_ledger(grants, [LedgerInvoice(1, date(2025, 2, 1), D("150.00"))], date(2025, 2, 2))
    assert [(s.grant.key, s.consumed) for s in result.grants] == [
        ("late", D("0")),
        ("soon", D("100.00")),
        ("mid", D("50.00")),
    ]


def test_it_charges_the_terms_last_period_before_expiry_and_new_credit_the_next_period_decision_1():
    grants = [
        LedgerGrant("term", "PREPAID_CONTRACT", D("100.00"), date(2025, 1, 1), date(2025, 2, 1)),
        LedgerGrant("new", "ONE_TIME", D("100.00"), date(2025, 2, 1), None),
    ]
    result = run_ledger(grants, [LedgerInvoice(1, date(2025, 2, 1), D("150.00"))], date(2025, 2, 1))
    assert result.credits_applied[1] == D("100.00")  # the grant starting that day waits
    assert [s.status for s in result.grants] == ["EXHAUSTED", "APPLIED"]


def test_it_expires_unused_credit_on_its_date_b33():
    result = evaluate(as_of=date(2026, 1, 1), invoices=monthly(date(2025, 1, 1), ["9000.00"] * 12))
    [grant] = result.grants
    assert grant.status == "EXPIRED" and grant.expired == D("12000.00") and grant.remaining == D("0.00")
    assert result.available_credit == D("0.00") and result.expiring == ()


def test_it_lists_future_expiries_merged_per_date_pending_at_full_amount_b33():
    grants = (
        GrantInput("ONE_TIME", D("500.00"), date(2025, 3, 1), date(2026, 1, 1)),
        GrantInput("ONE_TIME", D("200.00"), date(2025, 7, 1), date(2025, 8, 1)),
    )
    result = evaluate(invoices=monthly(date(2025, 1, 1), ["10000.00"] * 5), grants=grants)
    assert result.expiring == ((date(2025, 8, 1), D("200.00")), (date(2026, 1, 1), D("70500.00")))
    assert [s.status for s in result.grants] == ["APPLIED", "APPLIED", "PENDING"]


def test_it_bills_usage_above_the_remaining_credit():
    result = evaluate(invoices=monthly(date(2025, 1, 1), ["30000.00"] * 5))
    assert [r.billed for r in result.invoices] == [D("0.00")] * 4 + [D("30000.00")]
    assert result.available_credit == D("0.00")
    assert result.run_out_date == date(2025, 6, 1) and result.runway_days == -9  # already past
    # D-7: usage charged beyond the credit adds to the enterprise total
    assert result.mrr[-1].total == D("7500.00") + D("30000.00")


def test_it_has_no_run_out_with_zero_usage_b27():
    result = evaluate(invoices=monthly(date(2025, 1, 1), ["0.00"] * 3))
    assert result.burn.source == "complete_months" and result.burn.amount == D("0.00")
    assert result.run_out_date is None and result.runway_days is None and result.scenario is Scenario.NONE


def test_it_uses_the_upcoming_invoice_only_without_a_complete_month_b27():
    burn = burn_rate({}, anchor=None, as_of=date(2025, 1, 11), upcoming=(date(2025, 1, 1), D("1000.00")))
    assert (burn.source, burn.amount, burn.days, burn.anchor) == (
        "upcoming_invoice",
        D("1000.00"),
        10,
        date(2025, 1, 1),
    )
    assert run_out(D("5000.00"), burn, date(2025, 1, 11)) == (date(2025, 2, 20), 40)
    assert (
        burn_rate({}, anchor=None, as_of=date(2025, 1, 1), upcoming=(date(2025, 1, 1), D("1.00"))).source
        == "none"
    )


def test_it_counts_only_months_inside_the_term_for_burn_decision_4():
    burn = burn_rate(
        {date(2024, 12, 1): D("99.00"), date(2025, 1, 1): D("31.00")},
        anchor=date(2025, 2, 1),
        as_of=date(2025, 2, 5),
        term=(date(2025, 1, 15), date(2026, 1, 15)),
    )
    assert burn.months == (date(2025, 1, 1),) and burn.days == 31


# --- rollover (B-32, D-20) -----------------------------------------------------------------


def _ended(amounts, renewal):
    contract = Contract(D("120000.00"), D("90000.00"), date(2024, 1, 1))
    return evaluate(
        as_of=date(2025, 1, 5),
        contract=contract,
        renewal=renewal,
        invoices=monthly(date(2024, 1, 1), amounts),
    ).rollover


def test_it_rolls_over_what_is_left_below_half_with_an_equal_renewal_b32():
    roll = _ended(["8000.00"] * 12, Renewal(D("90000.00"), 12, date(2025, 1, 1)))
    assert (roll.cap, roll.remaining_at_end, roll.renewal_qualifies, roll.allowed) == (
        D("60000.00"),
        D("24000.00"),
        True,
        D("24000.00"),
    )
    assert roll.expires_at == date(2026, 1, 1)


def test_it_caps_the_rollover_at_half_the_original_credit_b32():
    roll = _ended(["3000.00"] * 12, Renewal(D("90000.00"), 12, date(2025, 1, 1)))
    assert roll.remaining_at_end == D("84000.00") and roll.allowed == D("60000.00")


def test_it_rolls_nothing_over_for_a_renewal_one_cent_short_b32_d20():
    roll = _ended(["3000.00"] * 12, Renewal(D("89999.99"), 12, date(2025, 1, 1)))
    assert roll.renewal_qualifies is False and roll.allowed == D("0.00")


def test_it_projects_the_rollover_at_the_run_out_rate_before_the_end_decision_8():
    result = evaluate(invoices=monthly(date(2025, 1, 1), ["3000.00"] * 5))
    # 105000 left - 9000/92 a day x 214 days (1 June → 1 January) = 84065.22
    assert result.rollover.remaining_at_end == D("84065.22") and result.rollover.allowed == D("60000.00")


# --- properties ---------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=0, max_size=14), st.lists(amounts.filter(lambda a: a > 0), max_size=4))
def test_the_ledger_conserves_credit_and_never_overdraws(invoice_amounts, grant_amounts):
    grants = [
        LedgerGrant(
            i, "ONE_TIME", a, date(2025, 1, 1) + timedelta(days=20 * i), None if i % 2 else date(2025, 12, 1)
        )
        for i, a in enumerate(grant_amounts)
    ]
    invoices = [LedgerInvoice(k, add_months(date(2025, 2, 1), k), a) for k, a in enumerate(invoice_amounts)]
    result = run_ledger(grants, invoices, date(2026, 6, 1))
    for state in result.grants:
        assert state.consumed + state.remaining + state.expired == state.grant.amount
        assert state.consumed >= 0
    for invoice in invoices:
        assert D(0) <= result.credits_applied[invoice.key] <= invoice.due


@given(st.decimals(min_value=D("0.01"), max_value=10**9, places=2), st.integers(min_value=1, max_value=60))
def test_equal_shares_always_add_up_b7_d4(amount, parts):
    shares = split_evenly(amount, parts)
    assert len(shares) == parts and sum(shares) == amount


@given(
    st.decimals(min_value=D("0.00"), max_value=10**7, places=2),
    st.integers(min_value=1, max_value=400),
    st.decimals(min_value=D("0.01"), max_value=10**6, places=2),
)
def test_the_run_out_never_precedes_the_anchor_and_grows_with_credit_b27(available, days, amount):
    burn = Burn("complete_months", (), amount, days, date(2025, 6, 1))
    day, _ = run_out(available, burn, date(2025, 6, 10))
    more, _ = run_out(available + 100, burn, date(2025, 6, 10))
    assert day >= date(2025, 6, 1) and more >= day
