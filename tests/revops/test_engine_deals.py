"""The special deals (revops.md P-13, P-14, P-17, O-2, O-5, O-7, O-8, O-10, O-11) and V-4."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revops.engine import (
    HANDBOOK_POLICY,
    CommitmentRule,
    PolicyParameters,
    SelfServeFacts,
    VolumeTier,
    contract_buyout,
    contract_start_date,
    coterminous_expansion,
    first_half_months,
    first_half_windows,
    new_business_renewal_credit,
    project_monthly_volume,
    rollover_preview,
    runout_order_form,
    self_serve_eligibility,
    self_serve_tranches,
    startup_offer_window,
    startup_rolloff,
    validate_policy,
)
from revops.engine.calendar import months_between_rounded_up

P = PolicyParameters()


@pytest.mark.parametrize(("months", "half"), [(12, 6), (24, 12), (36, 18)])
def test_handbook_example_4_first_half_is_6_12_18_months_o5(months, half):
    assert first_half_months(months, P) == half


def test_multi_year_paid_yearly_has_a_first_half_each_year_o5():
    windows = first_half_windows(date(2025, 1, 1), 36, paid_yearly=True, params=P)
    assert windows == [
        (date(2025, 1, 1), date(2025, 7, 1)),
        (date(2026, 1, 1), date(2026, 7, 1)),
        (date(2027, 1, 1), date(2027, 7, 1)),
    ]


def test_handbook_example_5_expansion_signed_1_june_runs_7_months_co_terminous_o5():
    answer = coterminous_expansion(
        parent_start=date(2025, 1, 1), parent_term_months=12, signed_on=date(2025, 6, 1), params=P
    )
    assert answer.term_months == 7 and answer.in_first_half
    assert answer.end_date == date(2025, 12, 31)


def test_an_expansion_after_the_first_half_is_flagged_o5():
    answer = coterminous_expansion(
        parent_start=date(2025, 1, 1), parent_term_months=12, signed_on=date(2025, 7, 1), params=P
    )
    assert not answer.in_first_half and answer.term_months == 6


def test_handbook_example_6_run_out_in_september_needs_a_12_month_form_from_1_september_o7():
    form = runout_order_form(
        parent_start=date(2025, 1, 1), parent_term_months=12, runs_out_on=date(2025, 9, 14), params=P
    )
    assert (form.scenario, form.start, form.term_months) == (3, date(2025, 9, 1), 12)


def test_run_out_scenarios_follow_rd12():
    first = runout_order_form(
        parent_start=date(2025, 1, 1), parent_term_months=12, runs_out_on=date(2025, 6, 30), params=P
    )
    last = runout_order_form(
        parent_start=date(2025, 1, 1), parent_term_months=12, runs_out_on=date(2025, 11, 2), params=P
    )
    assert first.scenario == 1 and last.scenario == 2 and last.start == date(2026, 1, 1)


def test_handbook_example_7_startup_25k_gets_4166_67_free_p17_rd15():
    answer = startup_rolloff(credit_amount=D("25000.00"), average_monthly_cost=None, term_months=12, params=P)
    assert answer.free_credit == D("4166.67")
    assert answer.special_term == (
        "An additional credit in the amount of USD $4,166.67 (offered to customers in exchange for rolling "
        "off the Startup plan) to be applied to Customer's account upon signature with the same expiration "
        "date."
    )


def test_startup_default_purchase_is_monthly_cost_times_12_and_deferred_two_months_p17():
    answer = startup_rolloff(
        credit_amount=None,
        average_monthly_cost=D("2000.00"),
        term_months=24,
        params=P,
        start=date(2025, 3, 1),
    )
    assert answer.default_purchase == D("24000.00")
    assert answer.free_credit == D("2000.00")  # RD-15: per contract year / 6, 24 months → 12,000 a year
    assert answer.deferred_start == date(2025, 5, 1)


def test_the_startup_offer_stays_open_to_the_first_billing_date_after_expiry_p17():
    assert startup_offer_window(
        credit_expires_at=date(2025, 6, 10), billing_anchor=date(2024, 1, 21)
    ) == date(2025, 6, 21)
    assert startup_offer_window(
        credit_expires_at=date(2025, 6, 21), billing_anchor=date(2024, 1, 21)
    ) == date(2025, 7, 21)


def test_handbook_example_8_50k_with_6_months_to_run_gets_25k_o10():
    answer = contract_buyout(annual_price=D("50000.00"), months_to_run=6, params=P)
    assert answer.eligible and answer.credit == D("25000.00")
    assert "$25,000.00" in answer.special_term and "Contract Buyout Credit" in answer.special_term


def test_buyout_caps_at_6_months_rounds_partial_months_up_and_needs_20k_rd14():
    capped = contract_buyout(annual_price=D("40000.00"), months_to_run=9, params=P)
    assert capped.months == 6 and capped.credit == D("20000.00")
    rounded = contract_buyout(
        annual_price=D("24000.00"), signed_on=date(2025, 3, 15), competitor_ends_on=date(2025, 6, 1), params=P
    )
    assert rounded.months == 3 and rounded.credit == D("6000.00")
    small = contract_buyout(annual_price=D("19999.99"), months_to_run=6, params=P)
    assert not small.eligible and small.credit == 0
    assert not contract_buyout(
        annual_price=D("50000"), months_to_run=6, paid_upfront=False, params=P
    ).eligible


def test_handbook_example_9_competitor_50k_our_40k_gives_10k_credit_o11():
    assert new_business_renewal_credit(
        our_first_year_cost=D("40000"), competitor_quote=D("50000"), params=P
    ) == D("10000.00")
    assert (
        new_business_renewal_credit(our_first_year_cost=D("20000"), competitor_quote=D("50000"), params=P)
        == 0
    )


def test_handbook_example_10_october_15_immediate_is_1_october_next_is_1_november_o2():
    kwargs = {"today": date(2025, 10, 15), "billing_anchor": date(2025, 9, 1), "params": P}
    assert contract_start_date(mode="immediate_activation", **kwargs).start == date(2025, 10, 1)
    assert contract_start_date(mode="next_billing_cycle", **kwargs).start == date(2025, 11, 1)
    assert contract_start_date(mode="immediate_activation", **kwargs).warning  # O-2 double-payment warning


def test_handbook_example_11_period_21_september_purchase_15_october_starts_21_september_o2():
    answer = contract_start_date(
        mode="immediate_activation", today=date(2025, 10, 15), billing_anchor=date(2025, 9, 21), params=P
    )
    assert answer.start == date(2025, 9, 21)


def test_new_customers_pick_their_start_and_startups_defer_two_months_o2():
    assert contract_start_date(
        mode="new_customer_start", today=date(2025, 1, 5), chosen=date(2025, 2, 1), params=P
    ).start == date(2025, 2, 1)
    assert contract_start_date(
        mode="startup_deferred", today=date(2025, 1, 5), chosen=date(2025, 2, 1), params=P
    ).start == date(2025, 4, 1)
    with pytest.raises(ValueError):
        contract_start_date(mode="immediate_activation", today=date(2025, 1, 5), params=P)


def test_rollover_is_half_the_original_at_most_and_needs_equal_or_higher_spend_o8_rd13():
    ok = rollover_preview(
        remaining=D("30000"),
        original_credit_amount=D("50000"),
        original_annual_price=D("40000"),
        renewal_annual_price=D("40000"),
        params=P,
    )
    assert ok.eligible and ok.amount == D("25000.00")
    small = rollover_preview(
        remaining=D("1000"),
        original_credit_amount=D("50000"),
        original_annual_price=D("40000"),
        renewal_annual_price=D("45000"),
        params=P,
    )
    assert small.amount == D("1000.00")
    lower = rollover_preview(
        remaining=D("30000"),
        original_credit_amount=D("50000"),
        original_annual_price=D("40000"),
        renewal_annual_price=D("39999.99"),
        params=P,
    )
    assert not lower.eligible and lower.amount == 0


def facts(**changes):
    base = {
        "paid_invoice_totals": (D("300"), D("280"), D("260"), D("100")),
        "open_invoices": 0,
        "on_startup_plan": False,
        "on_legacy_plan": False,
        "has_credits": False,
    }
    base.update(changes)
    return SelfServeFacts(**base)


def test_self_serve_eligibility_passes_at_the_inclusive_thresholds_p13_rd9():
    answer = self_serve_eligibility(facts(), P)
    assert answer.eligible and answer.average_last3 == D("280.00")
    assert answer.estimate_credit == D("3360.00")  # RD-9: last-3 average x 12


@pytest.mark.parametrize(("changes", "failing"), [
    ({"paid_invoice_totals": (D("900"), D("900"))}, {0, 1}),  # fewer than 3 and no last-three average
    ({"paid_invoice_totals": (D("300"), D("280"), D("259.97"))}, {1}),
    ({"open_invoices": 1}, {2}),
    ({"on_startup_plan": True}, {3}),
    ({"on_legacy_plan": True}, {3}),
    ({"has_credits": True}, {4}),
])  # fmt: skip
def test_self_serve_eligibility_fails_exactly_the_test_that_fails_p13(changes, failing):
    answer = self_serve_eligibility(facts(**changes), P)
    assert not answer.eligible
    assert {i for i, check in enumerate(answer.checks) if not check.ok} == failing


def test_self_serve_tranches_are_twelve_expiring_a_year_after_each_applies_p14():
    tranches = self_serve_tranches(D("1000.00"), date(2025, 1, 1), P)
    assert len(tranches) == 12 and sum(t[1] for t in tranches) == D("1000.00")
    assert tranches[0] == (date(2025, 1, 1), D("83.33"), date(2026, 1, 1))
    assert tranches[-1][1] == D("83.37")


@pytest.mark.parametrize(
    ("method", "expected"), [("latest_month", "1500.00"), ("average", "1250.00"), ("maximum", "1500.00")]
)
def test_projection_methods_from_six_months(method, expected):
    history = (D("1000"), D("1100"), D("1200"), D("1300"), D("1400"), D("1500"))
    assert project_monthly_volume(history, method) == D(expected)


def test_growth_projection_is_above_the_latest_month_when_usage_trends_up():
    history = (D("1000"), D("1100"), D("1200"), D("1300"), D("1400"), D("1500"))
    assert project_monthly_volume(history, "growth_rate") > D("1500")
    assert project_monthly_volume((), "average") is None


def test_the_handbook_policy_passes_its_own_validation_v4():
    from revops.engine import parameters_as_mapping

    assert (
        validate_policy(
            HANDBOOK_POLICY.tiers,
            HANDBOOK_POLICY.commitment,
            parameters_as_mapping(HANDBOOK_POLICY.parameters),
        )
        == []
    )


def _tiers_with(index, **changes):
    tiers = list(HANDBOOK_POLICY.tiers)
    old = tiers[index]
    tiers[index] = VolumeTier(
        changes.get("min_credit", old.min_credit),
        changes.get("max_credit", old.max_credit),
        changes.get("discount_pct", old.discount_pct),
        old.label,
    )
    return tuple(tiers)


def test_validation_rejects_a_gap_naming_the_row_and_field_v4():
    errors = validate_policy(_tiers_with(1, min_credit=D("61000")), HANDBOOK_POLICY.commitment, {})
    assert [(e.section, e.row, e.field) for e in errors] == [("tiers", 2, "min_credit")]
    assert "Gap" in errors[0].message and str(errors[0]).startswith("tiers row 2, min_credit")


def test_validation_rejects_an_overlap_naming_the_row_v4():
    errors = validate_policy(_tiers_with(2, min_credit=D("90000")), HANDBOOK_POLICY.commitment, {})
    assert [(e.row, e.field) for e in errors] == [(3, "min_credit")] and "Overlap" in errors[0].message


def test_validation_rejects_bad_pct_open_middle_tiers_a_closed_top_and_duplicate_years_v4():
    assert (
        validate_policy(_tiers_with(0, discount_pct=D("100.5")), HANDBOOK_POLICY.commitment, {})[0].field
        == "discount_pct"
    )
    assert (
        validate_policy(_tiers_with(0, discount_pct=D("20.125")), HANDBOOK_POLICY.commitment, {})[0].row == 1
    )
    top = validate_policy(_tiers_with(5, max_credit=D("2000000")), HANDBOOK_POLICY.commitment, {})
    assert (top[0].row, top[0].field) == (6, "max_credit")
    custom_top = validate_policy(_tiers_with(5, discount_pct=D("45")), HANDBOOK_POLICY.commitment, {})
    assert (custom_top[0].row, custom_top[0].field) == (6, "discount_pct")
    rules = (CommitmentRule(1, D("0")), CommitmentRule(1, D("3")))
    assert [(e.section, e.row, e.field) for e in validate_policy(HANDBOOK_POLICY.tiers, rules, {})] == [
        ("commitment", 2, "years")
    ]
    assert (
        validate_policy(HANDBOOK_POLICY.tiers, HANDBOOK_POLICY.commitment, {"penalty_block_days": "-1"})[
            0
        ].field
        == "penalty_block_days"
    )
    assert (
        validate_policy(HANDBOOK_POLICY.tiers, HANDBOOK_POLICY.commitment, {"bridge_months": "1.5"})[0].field
        == "bridge_months"
    )


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
)
def test_property_months_rounded_up_cover_the_span(start, end):
    from revops.engine.calendar import add_months

    months = months_between_rounded_up(start, end)
    if end <= start:
        assert months == 0
    else:
        assert add_months(start, months) >= end and add_months(start, months - 1) < end
