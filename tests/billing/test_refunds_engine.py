"""The refund calculator (billing.engine.refund_calculator): every edge billing.md B-40…B-49, D-25…D-31 and
contracts.md's refunds preview name, plus hypothesis properties of tier pricing and the cap."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from billing.engine.refund_calculator import (
    PriorIncident,
    baseline,
    over_200_percent,
    sudden_10x_jump,
)
from billing.engine.tiers import Tier, price, tiers_from_stripe, tiers_problem

from .refund_inputs import BILLED, PUBLIC, ev, line

# --- tiers (B-44, D-31, contracts decision 1) ---------------------------------------------------


def test_it_prices_the_handbook_example_on_graduated_tiers_b44():
    """§7 example 8: 1M average, 3M spike → 2M overage; price(3M) - price(1M) = 84.30, not 50.00."""
    assert price(3_000_000, PUBLIC) == D("84.30")
    assert price(1_000_000, PUBLIC) == D("0.00")
    assert price(2_000_000, PUBLIC) == D("50.00")  # the overage alone: the handbook's wrong way


def test_it_treats_up_to_as_inclusive_b44():
    tiers = (Tier(10, D("0")), Tier(None, D("1")))
    assert price(10, tiers) == D("0.00")
    assert price(11, tiers) == D("1.00")


def test_it_charges_a_graduated_flat_amount_per_reached_tier_only_b44():
    tiers = (Tier(10, D("1"), D("5")), Tier(20, D("2"), D("7")), Tier(None, D("3"), D("11")))
    assert price(10, tiers) == D("15.00")  # 10 x 1 + 5
    assert price(11, tiers) == D("24.00")  # 10 + 5 + 1 x 2 + 7
    assert price(0, tiers) == D("0.00")  # 0 units cost 0, no flat fee


def test_it_prices_volume_tiers_on_the_tier_holding_the_total_b44():
    tiers = (Tier(10, D("1"), D("5")), Tier(None, D("0.5"), D("2")))
    assert price(10, tiers, "volume") == D("15.00")
    assert price(11, tiers, "volume") == D("7.50")  # 11 x 0.5 + 2
    assert price(0, tiers, "volume") == D("0.00")


def test_it_takes_the_percent_coupon_off_and_rounds_once_half_up_d31():
    tiers = (Tier(None, D("0.001")),)
    assert price(5, tiers) == D("0.01")  # 0.005 → 0.01 half-up
    assert price(3_000_000, PUBLIC, percent_off=D(20)) == D("67.44")
    assert price(3_000_000, PUBLIC, percent_off=D(100)) == D("0.00")


def test_it_reads_stripe_tiers_in_cents():
    tiers = tiers_from_stripe([
        {"up_to": 100, "unit_amount_decimal": "0", "flat_amount_decimal": "0"},
        {"up_to": None, "unit_amount_decimal": "0.005", "flat_amount_decimal": "250"},
    ])  # fmt: skip
    assert tiers == (Tier(100, D("0")), Tier(None, D("0.00005"), D("2.5")))


@pytest.mark.parametrize(
    ("tiers", "ok"),
    [
        ((), False),
        ((Tier(10, D(0)),), False),  # last not null
        ((Tier(None, D(0)), Tier(None, D(0))), False),  # earlier null
        ((Tier(10, D(0)), Tier(10, D(0)), Tier(None, D(0))), False),  # not strictly increasing
        ((Tier(0, D(0)), Tier(None, D(0))), False),
        ((Tier(10, D(0)), Tier(None, D(0))), True),
    ],
)
def test_it_knows_a_valid_tier_table(tiers, ok):
    assert (tiers_problem(tiers) is None) is ok


# --- baseline, overage, ratios (B-43, B-49, D-26, decisions 2 and 3) ----------------------------


def test_it_rounds_the_baseline_half_up_to_a_whole_unit_b43():
    assert baseline((8000, 8001)) == 8001  # 8000.5 → 8001, never to even
    assert baseline((8002, 8003)) == 8003  # 8002.5 → 8003 (banker's would give 8002)
    assert baseline((1, 1, 2)) == 1
    assert baseline(()) == 0


def test_it_never_lets_the_overage_go_negative_b43():
    r = ev(lines=(line(spike=500_000),))
    assert r.lines[0].overage_units == 0
    assert r.lines[0].amount == D("0.00")


def test_it_takes_fewer_months_as_they_come_b43():
    r = ev(lines=(line(prior=(2_000_000,), spike=3_000_000),))
    assert r.lines[0].baseline_units == 2_000_000
    assert r.lines[0].amount == price(3_000_000, PUBLIC) - price(2_000_000, PUBLIC)


def test_it_sets_over_200_percent_strictly_above_three_times_d26():
    assert not over_200_percent(300, 100)
    assert over_200_percent(301, 100)
    assert not over_200_percent(301, 0)  # decision 3: needs a baseline


def test_it_sets_the_10x_jump_at_ten_times_inclusive_b49():
    assert not sudden_10x_jump(999, 100)
    assert sudden_10x_jump(1000, 100)
    assert not sudden_10x_jump(10_000_000, 0)  # a first bill is not a jump (decision 3)


def test_it_adds_sudden_10x_jump_to_the_fraud_signals_and_escalates_b49():
    r = ev(lines=(line(prior=(100_000,), spike=1_000_000),))
    assert r.fraud_signals == ("sudden_10x_jump",)
    assert not r.checks["no_fraud_signal"].ok
    assert r.escalation_reasons == ("something_off",)
    assert r.resolution == "escalate_revops"
    assert r.request_status == "escalated"
    assert r.notify == ("revops_lead",)


def test_it_does_not_flag_9_99x_b49():
    r = ev(lines=(line(prior=(100_000,), spike=999_999),))
    assert r.fraud_signals == ()


def test_it_keeps_a_given_10x_signal_once_b49():
    r = ev(lines=(line(prior=(100_000,), spike=1_000_000),), fraud_signals=("sudden_10x_jump",))
    assert r.fraud_signals == ("sudden_10x_jump",)


# --- within 30 days (B-42, D-25) ----------------------------------------------------------------


def test_it_accepts_30_days_and_refuses_31_b42_d25():
    ok = ev(requested_on=BILLED + timedelta(days=30))
    late = ev(requested_on=BILLED + timedelta(days=31))
    assert ok.checks["within_30_days"].ok and ok.days_since_billing == 30
    assert ok.resolution == "credit_note_refund"
    assert not late.checks["within_30_days"].ok
    assert late.checks["within_30_days"].why == "requested 31 days after billing (limit 30)"
    assert late.resolution == "declined" and late.request_status == "declined"
    assert late.max_refund == D("0.00")
    assert late.amount == D("84.30")  # amounts still computed


def test_it_holds_the_window_for_an_invoice_not_finalized_yet_b45():
    r = ev(requested_on=BILLED - timedelta(days=5), invoice_finalized=False)
    assert r.days_since_billing == -5
    assert r.checks["within_30_days"].ok
    assert r.resolution == "credit"
    assert r.credit_reason == "first_big_bill"


# --- scenarios (B-40, B-41, decisions 4-6) ------------------------------------------------------


def test_it_fits_learning_curve_without_a_first_bill_decision4():
    r = ev(is_first_bill_over_1=False)
    assert r.checks["fits_scenario"].ok
    assert r.scenario_label == "Learning curve"


@pytest.mark.parametrize(
    ("first_bill", "spike", "revenue", "hobby", "fits"),
    [
        (True, 3_000_000, False, False, True),  # first bill, no revenue
        (True, 3_000_000, True, True, True),  # first bill, hobby
        (True, 3_000_000, True, False, False),  # a real company with revenue
        (False, 3_000_000, False, False, False),  # exactly 3x = 200 %, not more
        (False, 3_000_001, False, False, True),  # > 200 %
        (False, 3_000_001, True, False, False),
    ],
)
def test_it_tests_unexpected_stardom_b41(first_bill, spike, revenue, hobby, fits):
    r = ev(
        scenario="unexpected_stardom",
        lines=(line(spike=spike),),
        is_first_bill_over_1=first_bill,
        company_has_revenue=revenue,
        is_hobby_project=hobby,
        spike_ceased=True,
        mitigation="billing_limit",
    )
    assert r.checks["fits_scenario"].ok is fits
    assert r.resolution == ("credit_note_refund" if fits else "declined")


def test_it_needs_a_baseline_for_the_stardom_ratio_d26():
    r = ev(scenario="unexpected_stardom", lines=(line(prior=(), spike=9_000_000),), is_first_bill_over_1=False,
           company_has_revenue=False, spike_ceased=True, mitigation="billing_limit")  # fmt: skip
    assert not r.checks["fits_scenario"].ok


def test_it_declines_stardom_whose_spike_has_not_ceased_b42():
    r = ev(scenario="unexpected_stardom", company_has_revenue=False, spike_ceased=False)
    assert not r.checks["spike_resolved"].ok
    assert r.resolution == "declined"


def test_it_waits_for_an_attack_to_cease_b41_decision5():
    r = ev(scenario="under_attack", spike_ceased=False, mitigation="billing_limit")
    assert r.checks["spike_resolved"].why == "the spike has not ceased yet"
    assert r.resolution is None
    assert r.request_status == "under_review"
    assert r.max_refund == r.amount == D("84.30")


def test_it_declines_a_ceased_attack_without_mitigation_decision5():
    r = ev(scenario="under_attack", spike_ceased=True, mitigation="none")
    assert r.checks["spike_resolved"].why == "the spike ceased but no mitigation is in place"
    assert r.resolution == "declined"


@pytest.mark.parametrize("mitigation", ["billing_limit", "managing_event_volume", "other"])
def test_it_refunds_a_ceased_mitigated_attack_b42(mitigation):
    r = ev(scenario="under_attack", spike_ceased=True, mitigation=mitigation)
    assert r.eligible and r.resolution == "credit_note_refund"


def test_it_declines_an_attack_that_also_fails_another_check_b42():
    r = ev(scenario="under_attack", spike_ceased=False, requested_on=BILLED + timedelta(days=31))
    assert r.resolution == "declined"


def test_it_fits_wrong_setup_only_on_the_first_occurrence_b41_decision6():
    first = ev(scenario="wrong_setup")
    second = ev(scenario="wrong_setup", prior_incidents=(PriorIncident(date(2025, 3, 1), "request"),))
    assert first.checks["fits_scenario"].ok and first.resolution == "credit_note_refund"
    assert not second.checks["fits_scenario"].ok and second.resolution == "declined"


def test_it_escalates_other_as_a_non_standard_case_b48():
    r = ev(scenario="other")
    assert not r.checks["fits_scenario"].ok
    assert r.escalation_reasons == ("non_standard_case",)
    assert r.resolution == "escalate_revops" and r.request_status == "escalated"
    assert r.max_refund == r.amount


def test_it_maps_credit_reasons_per_scenario_b45():
    common = {"invoice_finalized": False, "spike_ceased": True, "mitigation": "billing_limit",
              "company_has_revenue": False}  # fmt: skip
    assert ev(scenario="learning_curve", **common).credit_reason == "first_big_bill"
    assert ev(scenario="unexpected_stardom", **common).credit_reason == "unwanted_spike"
    assert ev(scenario="under_attack", **common).credit_reason == "unwanted_spike"
    assert ev(scenario="wrong_setup", **common).credit_reason == "other"
    assert ev(scenario="learning_curve").credit_reason is None  # finalized: credit note
