"""The refund calculator's repeat incidents, cap and escalation (billing.md B-47, B-48, D-27…D-30),
and hypothesis properties of tier pricing and the cap."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.engine.refund_calculator import (
    PriorIncident,
    baseline,
    evaluate_refund,
)
from billing.engine.tiers import Tier, price, raw_price

from .refund_inputs import PUBLIC, ev, facts, line

# --- repeat incidents and the cap (B-47, D-29, D-30, decision 9) --------------------------------


def incidents(*days, kind="request"):
    return tuple(PriorIncident(d, kind) for d in days)


def test_it_counts_incident_1_with_prevention_guidance_b47():
    r = ev()
    assert r.incident_number == 1
    assert r.prevention_guidance_required and not r.repeat_warning_required


def test_it_caps_an_unfixed_incident_2_at_half_with_a_14_day_window_b47_d30():
    r = ev(prior_incidents=incidents(date(2024, 12, 1)), prior_recommendations_actioned=False)
    assert r.incident_number == 2
    assert r.resolution == "partial_conditional"
    assert r.max_refund == D("42.15")
    assert r.fix_window_until == date(2025, 5, 24)
    assert r.repeat_warning_required and not r.prevention_guidance_required


def test_it_treats_unknown_follow_through_as_unfixed_decision9():
    r = ev(prior_incidents=incidents(date(2024, 12, 1)), prior_recommendations_actioned=None)
    assert r.resolution == "partial_conditional"


def test_it_rounds_the_half_cap_half_up_d30():
    tiers = (Tier(None, D("0.01")),)
    r = ev(lines=(line(prior=(0,), spike=1, tiers=tiers),), prior_incidents=incidents(date(2025, 1, 1)))
    assert r.amount == D("0.01")
    assert r.max_refund == D("0.01")  # 0.005 → 0.01


def test_it_refunds_an_actioned_incident_2_in_full_decision9():
    r = ev(prior_incidents=incidents(date(2024, 12, 1)), prior_recommendations_actioned=True)
    assert r.resolution == "credit_note_refund" and r.max_refund == D("84.30")
    assert r.fix_window_until is None


def test_it_credits_a_partial_on_an_open_invoice_b45():
    r = ev(prior_incidents=incidents(date(2024, 12, 1)), invoice_finalized=False)
    assert r.resolution == "partial_conditional" and r.credit_reason == "first_big_bill"


def test_it_declines_incident_3_b47():
    r = ev(prior_incidents=incidents(date(2024, 8, 1), date(2024, 12, 1)))
    assert r.incident_number == 3
    assert r.resolution == "declined" and r.max_refund == D("0.00")


def test_it_escalates_incident_3_with_extraordinary_circumstances_b47():
    r = ev(prior_incidents=incidents(date(2024, 8, 1), date(2024, 12, 1)),
           extraordinary_circumstances="a PostHog bug")  # fmt: skip
    assert r.escalation_reasons == ("extraordinary_circumstances",)
    assert r.resolution == "escalate_revops"


def test_it_ignores_blank_extraordinary_circumstances_b47():
    r = ev(prior_incidents=incidents(date(2024, 8, 1), date(2024, 12, 1)), extraordinary_circumstances="   ")
    assert r.resolution == "declined"


def test_it_does_not_escalate_extraordinary_circumstances_before_incident_3_b47():
    r = ev(extraordinary_circumstances="a PostHog bug")
    assert r.escalation_reasons == ()


def test_it_counts_incidents_over_12_months_inclusive_d29():
    on_edge = ev(prior_incidents=incidents(date(2024, 5, 10)))
    outside = ev(prior_incidents=incidents(date(2024, 5, 9)))
    assert on_edge.incident_number == 2
    assert outside.incident_number == 1


def test_it_counts_only_requests_towards_the_incident_number_d29():
    r = ev(prior_incidents=incidents(date(2025, 4, 1), kind="credit"))
    assert r.incident_number == 1
    assert r.recent_incidents_90d == 1


# --- escalation (B-48, D-27, D-28, decision 8) --------------------------------------------------


def test_it_escalates_two_incidents_in_90_days_inclusive_d27():
    day = date(2025, 5, 10)
    two = ev(prior_incidents=(PriorIncident(day - timedelta(days=90), "credit"), PriorIncident(day, "credit")))
    one = ev(prior_incidents=(PriorIncident(day - timedelta(days=91), "credit"), PriorIncident(day, "credit")))
    assert two.recent_incidents_90d == 2 and "multiple_recent_refunds" in two.escalation_reasons
    assert one.recent_incidents_90d == 1 and one.escalation_reasons == ()


def test_it_escalates_a_big_customer_from_1667_00_d28():
    big = ev(recent_mrr=(D("1667.00"), D("1667.00"), D("1667.00")))
    small = ev(recent_mrr=(D("1666.99"), D("1667.00"), D("1667.00")))
    assert big.big_customer and big.escalation_reasons == ("big_customer",)
    assert big.average_mrr == D("1667.00")
    assert not small.big_customer  # exact mean 1666.9966…
    assert small.resolution == "credit_note_refund"


def test_it_keeps_the_escalation_order_b48():
    r = ev(
        scenario="other",
        something_off=True,
        recent_mrr=(D("5000.00"),),
        invoice_change_needed=True,
        overdue_invoices=True,
        prior_incidents=incidents(date(2025, 5, 1), date(2025, 5, 2)),
        extraordinary_circumstances="a PostHog bug",
    )
    assert r.escalation_reasons == (
        "something_off", "multiple_recent_refunds", "non_standard_case", "big_customer",
        "invoice_change_needed", "overdue_invoices", "extraordinary_circumstances",
    )  # fmt: skip
    assert r.approver_role == "revops_admin"


@pytest.mark.parametrize("signal", ["connected_accounts", "stripe_high_refunds_notice", "usage_inconsistent_with_size"])
def test_it_fails_and_escalates_on_any_fraud_signal_decision8(signal):
    r = ev(fraud_signals=(signal,))
    assert not r.eligible
    assert r.escalation_reasons == ("something_off",)
    assert r.resolution == "escalate_revops"


def test_it_escalates_overdue_invoices_b45():
    r = ev(overdue_invoices=True)
    assert r.escalation_reasons == ("overdue_invoices",) and r.request_status == "escalated"


def test_it_sums_lines_and_keeps_a_breakdown_b44():
    tiers = (Tier(100, D("0")), Tier(None, D("0.01")))
    r = ev(lines=(line(), line(prior=(50,), spike=300, tiers=tiers, key="session_replay")))
    assert r.amount == D("84.30") + D("2.00")
    assert "price(baseline + overage) 84.30" in r.calc_breakdown
    assert "session_replay: baseline 50" in r.calc_breakdown


# --- properties ---------------------------------------------------------------------------------

units = st.integers(min_value=0, max_value=400_000_000)


@given(a=units, b=units)
def test_graduated_price_never_falls_as_units_grow(a, b):
    lo, hi = sorted((a, b))
    assert price(lo, PUBLIC) <= price(hi, PUBLIC)


@given(base=units, overage=units)
def test_the_difference_prices_each_overage_unit_at_a_tier_rate_b44(base, overage):
    """Graduated: price(b + o) - price(b) prices exactly the units b+1…b+o, so it lies between o
    at the cheapest and o at the dearest unit rate - and differs from price(o) whenever the
    baseline has used up cheaper (e.g. free) units."""
    diff = raw_price(base + overage, PUBLIC) - raw_price(base, PUBLIC)
    rates = [t.unit_amount for t in PUBLIC]
    assert overage * min(rates) <= diff <= overage * max(rates)
    if base >= 1_000_000 and overage > 0 and base + overage <= 2_000_000:
        assert diff == overage * D("0.00005") != raw_price(overage, PUBLIC)


@given(prior=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=3), spike=units)
def test_the_baseline_stays_within_the_months_and_overage_is_spike_minus_baseline(prior, spike):
    b = baseline(tuple(prior))
    assert min(prior) <= b <= max(prior)
    r = evaluate_refund(facts(lines=(line(prior=prior, spike=spike),)))
    assert r.lines[0].overage_units == max(0, spike - b)
    assert r.lines[0].amount >= 0


@given(spike=units, actioned=st.sampled_from([None, False, True]))
def test_the_ceiling_is_never_above_the_computed_amount(spike, actioned):
    r = evaluate_refund(
        facts(lines=(line(spike=spike),), prior_incidents=incidents(date(2025, 1, 1)),
              prior_recommendations_actioned=actioned)
    )  # fmt: skip
    assert D("0.00") <= r.max_refund <= r.amount
    if r.resolution == "partial_conditional":
        assert r.max_refund * 2 - r.amount in (D("0.00"), D("0.01"))


def test_replace_keeps_inputs_frozen():
    f = facts()
    assert replace(f, scenario="other").scenario == "other" and f.scenario == "learning_curve"
