"""POST /api/v1/billing/refunds/preview exactly as contracts.md fixes it (B-40…B-49, decisions 1-10)."""

import copy
import json

import pytest

from billing.models import RefundLine, RefundRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/billing/refunds/preview"

TIERS = [
    {"up_to": 1000000, "unit_amount": "0"},
    {"up_to": 2000000, "unit_amount": "0.00005"},
    {"up_to": 15000000, "unit_amount": "0.0000343"},
    {"up_to": 50000000, "unit_amount": "0.0000295"},
    {"up_to": 100000000, "unit_amount": "0.0000218"},
    {"up_to": 250000000, "unit_amount": "0.000015"},
    {"up_to": None, "unit_amount": "0.000009"},
]
EXAMPLE_REQUEST = {
    "scenario": "learning_curve",
    "billing_date": "2025-05-01",
    "requested_on": "2025-05-10",
    "invoice_finalized": True,
    "lines": [
        {"product_key": "product_analytics", "prior_units": [1000000, 1000000, 1000000],
         "spike_units": 3000000, "tiers_mode": "graduated", "tiers": TIERS}
    ],
    "percent_off": 0,
    "is_first_bill_over_1": True,
    "company_has_revenue": True,
    "is_hobby_project": False,
    "spike_ceased": False,
    "mitigation": "none",
    "fraud_signals": [],
    "something_off": False,
    "invoice_change_needed": False,
    "overdue_invoices": False,
    "prior_incidents": [],
    "prior_recommendations_actioned": None,
    "extraordinary_circumstances": "",
    "recent_mrr": [],
}  # fmt: skip

EXAMPLE_RESPONSE_HEAD = {
    "scenario": "learning_curve",
    "scenario_label": "Learning curve",
    "eligible": True,
    "checks": {
        "within_30_days": {"ok": True, "why": "requested 9 days after billing (limit 30)"},
        "fits_scenario": {"ok": True, "why": "learning curve: first bill over $1"},
        "no_fraud_signal": {"ok": True, "why": "no fraud signal"},
        "spike_resolved": {"ok": True, "why": "not a spike scenario"},
    },
    "days_since_billing": 9,
    "fraud_signals": [],
    "incident_number": 1,
    "recent_incidents_90d": 0,
    "average_mrr": "0.00",
    "big_customer": False,
    "lines": [
        {"product_key": "product_analytics", "baseline_units": 1000000, "spike_units": 3000000,
         "overage_units": 2000000, "price_with_spike": "84.30", "price_baseline": "0.00", "amount": "84.30"}
    ],
    "amount": "84.30",
    "max_refund": "84.30",
    "resolution": "credit_note_refund",
    "request_status": "under_review",
    "credit_reason": None,
    "fix_window_until": None,
    "escalation_reasons": [],
    "approver_role": "revops_admin",
    "notify": [],
    "prevention_guidance_required": True,
    "repeat_warning_required": False,
}  # fmt: skip


@pytest.fixture
def api(client):
    client.force_login(UserFactory())  # any authenticated user, even without a role

    def post(body):
        return client.post(URL, json.dumps(body), content_type="application/json")

    return post


def example(**changes):
    body = copy.deepcopy(EXAMPLE_REQUEST)
    body.update(changes)
    return body


def with_line(**changes):
    body = example()
    body["lines"][0].update(changes)
    return body


def test_it_answers_the_contract_example_exactly(api):
    response = api(EXAMPLE_REQUEST)
    assert response.status_code == 200
    body = response.json()
    reasons = body.pop("reasons")
    assert body == EXAMPLE_RESPONSE_HEAD
    assert [*body, "reasons"] == [*EXAMPLE_RESPONSE_HEAD, "reasons"]  # the contract's key order
    assert reasons and all(isinstance(r, str) for r in reasons)
    assert "status" not in body
    assert any("50.00" in r for r in reasons)  # the overage alone, shown only as the wrong way


def test_it_writes_nothing(api):
    api(EXAMPLE_REQUEST)
    assert RefundRequest.objects.count() == 0 and RefundLine.objects.count() == 0


def test_it_takes_the_contract_defaults(api):
    response = api({"billing_date": "2025-05-01", "requested_on": "2025-05-02"})
    body = response.json()
    assert response.status_code == 200
    assert body["scenario"] == "other" and body["lines"] == [] and body["amount"] == "0.00"
    assert body["resolution"] == "escalate_revops" and body["escalation_reasons"] == ["non_standard_case"]
    assert body["notify"] == ["revops_lead"] and body["request_status"] == "escalated"


def test_it_defaults_requested_on_to_today_utc(api):
    import time_machine

    body = copy.deepcopy(EXAMPLE_REQUEST)
    del body["requested_on"]
    with time_machine.travel("2025-05-20 23:30:00+00:00", tick=False):
        out = api(body).json()
    assert out["days_since_billing"] == 19


def test_it_refuses_a_null_requested_on(api):
    assert "requested_on" in api(example(requested_on=None)).json()


def test_it_prices_volume_tiers_and_the_coupon(api):
    body = with_line(tiers_mode="volume", tiers=[{"up_to": 1000, "unit_amount": "1", "flat_amount": "5"},
                                                 {"up_to": None, "unit_amount": "0.5"}],
                     prior_units=[500], spike_units=2000)  # fmt: skip
    body["percent_off"] = 10
    line = api(body).json()["lines"][0]
    assert line["price_with_spike"] == "900.00"  # 2000 x 0.5 x 0.9
    assert line["price_baseline"] == "454.50"  # (500 x 1 + 5) x 0.9
    assert line["amount"] == "445.50"


def test_it_answers_the_partial_cap_and_fix_window(api):
    body = example(prior_incidents=[{"on": "2025-02-03", "kind": "request"}])
    out = api(body).json()
    assert out["incident_number"] == 2 and out["resolution"] == "partial_conditional"
    assert out["max_refund"] == "42.15" and out["fix_window_until"] == "2025-05-24"
    assert out["repeat_warning_required"] and not out["prevention_guidance_required"]


def test_it_adds_the_computed_10x_jump(api):
    out = api(with_line(prior_units=[300000], spike_units=3000000)).json()
    assert out["fraud_signals"] == ["sudden_10x_jump"]
    assert out["checks"]["no_fraud_signal"]["ok"] is False
    assert out["escalation_reasons"] == ["something_off"]


def test_it_shows_the_average_mrr_to_cents_half_up(api):
    out = api(example(recent_mrr=["1000.00", "1000.00", "1000.01"])).json()
    assert out["average_mrr"] == "1000.00" and out["big_customer"] is False
    assert api(example(recent_mrr=["0.01", "0.00"])).json()["average_mrr"] == "0.01"  # 0.005 half-up
    near = api(example(recent_mrr=["1666.99", "1667.00", "1667.00"])).json()
    assert near["average_mrr"] == "1667.00" and near["big_customer"] is False  # D-28 on the exact mean


def test_it_refuses_anonymous_callers(client):
    response = client.post(URL, json.dumps(EXAMPLE_REQUEST), content_type="application/json")
    assert response.status_code in (401, 403)


# --- every listed 400 ---------------------------------------------------------------------------

BAD = [
    # a date that is not YYYY-MM-DD, or a missing billing_date
    ("billing_date", example(billing_date="01/05/2025"), lambda e: e["billing_date"]),
    ("billing_date calendar", example(billing_date="2025-02-30"), lambda e: e["billing_date"]),
    ("requested_on", example(requested_on="2025-5-10"), lambda e: e["requested_on"]),
    ("missing billing_date", {k: v for k, v in EXAMPLE_REQUEST.items() if k != "billing_date"},
     lambda e: e["billing_date"]),
    # unknown scenario, mitigation, fraud signal, incident kind, tiers_mode, product key
    ("scenario", example(scenario="bad_luck"), lambda e: e["scenario"]),
    ("mitigation", example(mitigation="prayer"), lambda e: e["mitigation"]),
    ("fraud signal", example(fraud_signals=["looks_shady"]), lambda e: e["fraud_signals"]),
    ("incident kind", example(prior_incidents=[{"on": "2025-02-03", "kind": "refund"}]),
     lambda e: e["prior_incidents"][0]["kind"]),
    ("tiers_mode", with_line(tiers_mode="stairstep"), lambda e: e["lines"][0]["tiers_mode"]),
    ("product key", with_line(product_key="posthog_analytics"), lambda e: e["lines"][0]["product_key"]),
    # a product key repeated across lines
    ("repeated key", example(lines=[EXAMPLE_REQUEST["lines"][0], EXAMPLE_REQUEST["lines"][0]]),
     lambda e: e["lines"][1]["product_key"]),
    # more than 3 prior_units or recent_mrr entries
    ("4 prior months", with_line(prior_units=[1, 2, 3, 4]), lambda e: e["lines"][0]["prior_units"]),
    ("4 mrr months", example(recent_mrr=["1.00", "2.00", "3.00", "4.00"]), lambda e: e["recent_mrr"]),
    # a negative or non-integer unit count
    ("negative prior", with_line(prior_units=[-1]), lambda e: e["lines"][0]["prior_units"]),
    ("fractional spike", with_line(spike_units=1.5), lambda e: e["lines"][0]["spike_units"]),
    ("string spike", with_line(spike_units="3000000"), lambda e: e["lines"][0]["spike_units"]),
    ("negative spike", with_line(spike_units=-3), lambda e: e["lines"][0]["spike_units"]),
    ("boolean unit", with_line(prior_units=[True]), lambda e: e["lines"][0]["prior_units"]),
    # tiers empty, not strictly increasing, last up_to not null, or an earlier one null
    ("empty tiers", with_line(tiers=[]), lambda e: e["lines"][0]["tiers"]),
    ("missing tiers", example(lines=[{"product_key": "product_analytics"}]), lambda e: e["lines"][0]["tiers"]),
    ("not increasing", with_line(tiers=[{"up_to": 10, "unit_amount": "1"}, {"up_to": 10, "unit_amount": "1"},
                                        {"up_to": None, "unit_amount": "1"}]), lambda e: e["lines"][0]["tiers"]),
    ("last not null", with_line(tiers=[{"up_to": 10, "unit_amount": "1"}]), lambda e: e["lines"][0]["tiers"]),
    ("earlier null", with_line(tiers=[{"up_to": None, "unit_amount": "1"}, {"up_to": None, "unit_amount": "1"}]),
     lambda e: e["lines"][0]["tiers"]),
    # a unit or flat amount that is not a decimal string ≥ 0
    ("unit number", with_line(tiers=[{"up_to": None, "unit_amount": 0.5}]),
     lambda e: e["lines"][0]["tiers"][0]["unit_amount"]),
    ("unit negative", with_line(tiers=[{"up_to": None, "unit_amount": "-0.5"}]),
     lambda e: e["lines"][0]["tiers"][0]["unit_amount"]),
    ("flat bad", with_line(tiers=[{"up_to": None, "unit_amount": "0.5", "flat_amount": "five"}]),
     lambda e: e["lines"][0]["tiers"][0]["flat_amount"]),
    # percent_off outside 0…100
    ("percent high", example(percent_off=100.5), lambda e: e["percent_off"]),
    ("percent low", example(percent_off=-1), lambda e: e["percent_off"]),
    ("percent string", example(percent_off="10"), lambda e: e["percent_off"]),
    # a recent_mrr entry that is not a decimal string ≥ 0 with at most two places
    ("mrr places", example(recent_mrr=["1000.001"]), lambda e: e["recent_mrr"]),
    ("mrr number", example(recent_mrr=[1000]), lambda e: e["recent_mrr"]),
    ("mrr negative", example(recent_mrr=["-5.00"]), lambda e: e["recent_mrr"]),
    # a prior incident dated after requested_on
    ("incident later", example(prior_incidents=[{"on": "2025-05-11", "kind": "request"}]),
     lambda e: e["prior_incidents"][0]["on"]),
    # a non-boolean flag, or prior_recommendations_actioned not true/false/null
    ("flag", example(spike_ceased="yes"), lambda e: e["spike_ceased"]),
    ("flag int", example(invoice_finalized=1), lambda e: e["invoice_finalized"]),
    ("actioned", example(prior_recommendations_actioned="unknown"), lambda e: e["prior_recommendations_actioned"]),
    # an unknown key
    ("unknown top", example(customer_id=7), lambda e: e["customer_id"]),
    ("unknown line key", with_line(coupon="x"), lambda e: e["lines"][0]["coupon"]),
    ("unknown tier key", with_line(tiers=[{"up_to": None, "unit_amount": "1", "currency": "usd"}]),
     lambda e: e["lines"][0]["tiers"][0]["currency"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "body", "where"), BAD, ids=[b[0] for b in BAD])
def test_it_answers_400_naming_the_field(api, case, body, where):
    response = api(body)
    assert response.status_code == 400, response.json()
    assert where(response.json())  # the error sits where the bad value was
    assert RefundRequest.objects.count() == 0


def test_it_nests_line_errors_like_the_request(api):
    body = example(lines=[EXAMPLE_REQUEST["lines"][0], {**EXAMPLE_REQUEST["lines"][0], "product_key": "session_replay",
                                                        "tiers": []}])  # fmt: skip
    errors = api(body).json()
    assert errors["lines"][0] == {} and "tiers" in errors["lines"][1]


def test_it_names_every_bad_field_at_once(api):
    errors = api(example(scenario="x", mitigation="y", percent_off=101)).json()
    assert {"scenario", "mitigation", "percent_off"} <= set(errors)
