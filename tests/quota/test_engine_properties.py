"""Hypothesis properties of the quota engine (Q-2, Q-3, Q-4, Q-5, Q-6, Q-9, QD-29)."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from quota.engine import DEFAULT_PRIMARY_PRODUCTS, Invoice, Quarter, multiplier
from quota.engine.months import month_result
from tests.quota.test_engine_builders import POLICY, contract, contribution

OTHER_PRODUCTS = ("experiments", "web_analytics", "group_analytics", "teams_addon")
CENT = Decimal("0.01")

amounts = st.integers(min_value=0, max_value=5_000_000).map(lambda cents: Decimal(cents) * CENT)
lines = st.dictionaries(st.sampled_from(DEFAULT_PRIMARY_PRODUCTS + OTHER_PRODUCTS), amounts, max_size=8)
quarters = st.builds(
    Quarter, st.integers(min_value=2020, max_value=2030), st.integers(min_value=1, max_value=4)
)


def is_cents(value: Decimal) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


@settings(max_examples=200, deadline=None)
@given(month_lines=lines, product=st.sampled_from(DEFAULT_PRIMARY_PRODUCTS), extra=amounts)
def test_it_never_lowers_the_multiplier_when_a_product_becomes_paid_q2_q3(month_lines, product, extra):
    april = date(2025, 4, 1)
    before = month_result(april, [Invoice(april, month_lines)], POLICY)
    paid = {**month_lines, product: Decimal("200.01") + extra}
    after = month_result(april, [Invoice(april, paid)], POLICY)
    assert product in after.paid_products
    assert after.multiplier >= before.multiplier
    assert after.paid_count >= before.paid_count


@settings(max_examples=50, deadline=None)
@given(n=st.integers(min_value=0, max_value=30))
def test_it_never_lowers_the_multiplier_as_n_grows_q3(n):
    assert multiplier(n + 1, POLICY) >= multiplier(n, POLICY)


@st.composite
def histories(draw):
    quarter = draw(quarters)
    first = quarter.previous.first_day
    offsets = draw(st.lists(st.integers(min_value=-3, max_value=5), min_size=0, max_size=10))
    invoices = []
    for offset in offsets:
        index = first.year * 12 + first.month - 1 + offset
        invoices.append(Invoice(date(index // 12, index % 12 + 1, draw(st.integers(1, 28))), draw(lines)))
    return quarter, invoices


@settings(max_examples=200, deadline=None)
@given(
    history=histories(),
    annual_value=st.one_of(st.none(), amounts.filter(lambda a: a > 0)),
    cancelled=st.one_of(st.none(), st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))),
)
def test_it_answers_exact_decimals_in_cents_q4_q5_qd29(history, annual_value, cancelled):
    quarter, invoices = history
    contracts = [contract("2019-01-01", "2031-12-31", str(annual_value))] if annual_value else []
    result = contribution(
        str(quarter), invoices, annual_contracts=contracts, subscription_cancelled_on=cancelled
    )
    money = [result.starting_arr, result.ending_arr, result.contribution, result.raw_contribution]
    for month in result.months:
        money += [month.invoice_amount, month.quota_amount]
    assert all(is_cents(value) for value in money)
    for part in (result.previous, result.current):
        if part.arr:  # ARR x k = 12 x the quota amounts, exactly
            assert part.arr * part.k == part.quota_total * 12
    assert result.raw_contribution == result.ending_arr - result.starting_arr


@settings(max_examples=200, deadline=None)
@given(
    quarter=quarters,
    months=st.lists(lines, min_size=3, max_size=3),
    earlier=st.booleans(),
    annual_value=st.one_of(st.none(), amounts.filter(lambda a: a > 0)),
)
def test_it_gives_identical_quarters_zero_contribution_q6(quarter, months, earlier, annual_value):
    invoices = [
        Invoice(m, lines)
        for q in (quarter.previous, quarter)
        for m, lines in zip(q.months, months, strict=True)
    ]
    if earlier:  # an older invoice leaves k = 3 in both quarters too
        invoices.append(Invoice(quarter.previous.previous.first_day, {"product_analytics": Decimal("1.00")}))
    contracts = [contract("2019-01-01", "2031-12-31", str(annual_value))] if annual_value else []
    result = contribution(str(quarter), invoices, annual_contracts=contracts)
    assert result.starting_arr == result.ending_arr
    assert result.contribution == Decimal("0.00")
