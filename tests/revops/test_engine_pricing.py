"""The pricing engine (revops.md P-1…P-15, P-19, RD-1…RD-10) against the handbook's examples."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revops.engine import HANDBOOK_POLICY, QuoteInput, price_quote


def quote(amount: str, years: int = 1, deal: str = "new", **kw):
    return price_quote(QuoteInput(D(amount), years, deal, **kw), HANDBOOK_POLICY)


def test_handbook_example_1_net_60_is_minus_5_points_p6():
    """ "Extended payment terms: -2.5% for every 15 days beyond Net 30 (e.g., Net 60 = -5%)"."""
    result = quote("75000.00", payment_terms_days=60)
    assert result.components["cash_timing"] == D("-5.00")
    assert result.discount_pct == D("20.00")  # 25 volume - 5


@pytest.mark.parametrize(
    ("net", "points"),
    [
        (0, "0"),
        (29, "0"),
        (30, "0"),
        (31, "-2.5"),
        (45, "-2.5"),
        (46, "-5"),
        (60, "-5"),
        (61, "-7.5"),
        (90, "-10"),
    ],
)
def test_the_penalty_is_per_started_15_days_beyond_net_30_rd4(net, points):
    assert quote("30000.00", payment_terms_days=net).components["cash_timing"] == D(points)


def test_handbook_example_2_upfront_bonus_2_5_per_additional_year_p6():
    """ "+2.5% per additional year paid upfront (i.e. +2.5% for 2 years, +5% for 3 years)"."""
    assert quote("75000.00", 2, prepaid_years=2).components["cash_timing"] == D("2.50")
    assert quote("75000.00", 3, prepaid_years=3).components["cash_timing"] == D("5.00")
    assert quote("75000.00", 3, prepaid_years=1).components["cash_timing"] == D(
        "0.00"
    )  # RD-5: yearly earns nothing


def test_handbook_example_3_three_year_commitment_is_5_not_8_p4():
    """ "3-year commitment: +5% additional discount (doesn't stack)"."""
    assert quote("75000.00", 1).components["commitment"] == D("0")
    assert quote("75000.00", 2).components["commitment"] == D("3")
    assert quote("75000.00", 3).components["commitment"] == D("5")


@pytest.mark.parametrize(
    ("amount", "pct"),
    [
        ("24999.99", "0"),
        ("25000.00", "20"),
        ("59999.99", "20"),
        ("60000.00", "25"),
        ("99999.99", "25"),
        ("100000.00", "30"),
        ("249999.99", "30"),
        ("250000.00", "35"),
        ("499999.99", "35"),
        ("500000.00", "40"),
        ("999999.99", "40"),
    ],
)
def test_every_volume_tier_edge_is_half_open_p2_rd1(amount, pct):
    result = quote(amount)
    assert result.components["volume"] == D(pct)
    assert result.price == (D(amount) * (1 - D(pct) / 100)).quantize(D("0.01"))


@pytest.mark.parametrize("amount", ["1000000.00", "2500000.00"])
def test_one_million_and_above_is_custom_pricing_p12(amount):
    result = quote(amount, billing="monthly")  # custom comes before monthly (decision 2)
    assert result.custom_pricing and not result.within_policy
    assert result.price is None and result.discount_pct == 0
    assert set(result.components.values()) == {D("0")}
    assert any(n.rule == "P-12" for n in result.notes)


@pytest.mark.parametrize("years", [4, 5, 10])
def test_four_years_or_more_is_custom_pricing_p4(years):
    result = quote("75000.00", years)
    assert result.custom_pricing and result.price is None


def test_monthly_billing_is_zero_irrespective_of_commitment_p1_p7():
    result = quote("300000.00", 3, billing="monthly", signing_date_committed=True, nonprofit=True)
    assert result.discount_pct == 0 and result.price == D("300000.00")
    assert set(result.components.values()) == {D("0")}
    assert result.state == "monthly" and result.notes[0].rule == "P-1"


def test_below_25k_gets_nothing_and_no_levers_2_to_4_p3_rd7():
    result = quote("24000.00", 3, prepaid_years=3, signing_date_committed=True)
    assert result.discount_pct == 0 and result.price == D("24000.00")
    assert result.state == "below_volume"


def test_below_25k_a_nonprofit_gets_15_flat_and_a_self_serve_10_p14_p15():
    assert quote("10000.00", nonprofit=True).components["nonprofit"] == D("15")
    assert quote("10000.00", self_serve=True).components["self_serve"] == D("10")
    both = quote("10000.00", nonprofit=True, self_serve=True, payment_terms_days=90)
    assert both.discount_pct == D("15") and both.components["cash_timing"] == 0  # 15, not 25


def test_self_serve_at_25k_and_above_gets_only_the_tier_and_the_nonprofit_band_decision_4():
    result = quote(
        "30000.00",
        2,
        prepaid_years=2,
        payment_terms_days=60,
        signing_date_committed=True,
        self_serve=True,
        nonprofit=True,
    )
    assert result.components == {
        "volume": D("20"),
        "commitment": D("0"),
        "cash_timing": D("0"),
        "forecast": D("0"),
        "nonprofit": D("5"),
        "self_serve": D("0"),
    }
    assert sum(1 for n in result.notes if n.rule == "P-14") == 3


@pytest.mark.parametrize(("amount", "extra"), [("25000.00", "5"), ("100000.00", "5"), ("100000.01", "0")])
def test_the_nonprofit_band_is_inclusive_rd8(amount, extra):
    assert quote(amount, nonprofit=True).components["nonprofit"] == D(extra)


def test_forecast_for_new_business_needs_a_committed_date_p8():
    assert quote("30000.00", signing_date_committed=True).components["forecast"] == D("5")
    assert quote("30000.00", deal="monthly_to_annual", signing_date_committed=True).components[
        "forecast"
    ] == D("5")
    assert quote("30000.00").components["forecast"] == 0


@pytest.mark.parametrize(
    ("days", "on_plan", "pct"), [(60, True, "5"), (59, True, "0"), (120, False, "0"), (None, True, "0")]
)
def test_early_renewal_needs_60_days_and_an_active_credit_plan_p9_rd17(days, on_plan, pct):
    result = quote("30000.00", deal="renewal", days_before_expiry=days, on_active_credit_plan=on_plan)
    assert result.components["forecast"] == D(pct)


def test_an_additional_purchase_gets_no_length_or_forecast_and_says_why_p5_decision_5():
    result = quote("30000.00", 2, deal="additional_purchase", prepaid_years=2, signing_date_committed=True)
    assert result.components["commitment"] == 0 and result.components["forecast"] == 0
    assert result.components["cash_timing"] == D("2.5")
    assert {"P-5", "P-8", "RD-10"} <= {n.rule for n in result.notes}


def test_the_total_is_floored_at_zero_but_components_stay_unfloored_rd3():
    result = quote("30000.00", payment_terms_days=365)
    assert result.components["cash_timing"] == D("-57.5")
    assert result.discount_pct == 0 and result.price == D("30000.00")


def test_the_contract_example_p19():
    result = quote("75000.00", 2, prepaid_years=2, signing_date_committed=True, on_active_credit_plan=True)
    assert result.discount_pct == D("35.5") and result.price == D("48375.00")


amounts = st.decimals(min_value=D("0.01"), max_value=D("2000000"), places=2)


@given(
    amount=amounts,
    years=st.integers(1, 6),
    net=st.integers(0, 120),
    committed=st.booleans(),
    nonprofit=st.booleans(),
    self_serve=st.booleans(),
    billing=st.sampled_from(["upfront", "monthly"]),
    deal=st.sampled_from(["new", "monthly_to_annual", "renewal", "additional_purchase"]),
)
def test_properties_price_is_within_zero_and_the_amount_and_the_total_is_the_floored_sum_p11(
    amount, years, net, committed, nonprofit, self_serve, billing, deal
):
    result = quote(
        str(amount),
        years,
        deal,
        payment_terms_days=net,
        signing_date_committed=committed,
        nonprofit=nonprofit,
        self_serve=self_serve,
        billing=billing,
        days_before_expiry=90,
        on_active_credit_plan=True,
    )
    if result.custom_pricing:
        assert result.price is None and (amount >= D("1000000") or years >= 4)
        return
    assert result.discount_pct == max(D(0), sum(result.components.values()))
    assert D(0) <= result.price <= amount
    assert result.notes, "every answer explains itself"


@given(low=amounts, high=amounts)
def test_property_more_credit_never_earns_a_smaller_volume_tier_p2(low, high):
    low, high = sorted((low, high))
    a, b = quote(str(low)), quote(str(high))
    if not (a.custom_pricing or b.custom_pricing):
        assert a.components["volume"] <= b.components["volume"]
