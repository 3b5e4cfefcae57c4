"""POST /api/v1/billing/credits/preview exactly as contracts.md fixes it (B-2…B-33, decisions 1-10)."""

import copy
import json

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/billing/credits/preview"

EXAMPLE_REQUEST = {
    "as_of": "2025-06-10",
    "contract": {"source": "SALES_CONTRACT", "credit_amount": "120000.00", "price": "90000.00",
                 "discount_percent": None, "start_date": "2025-01-01", "term_months": 12, "prepaid_years": 1},
    "grants": [],
    "invoices": [
        {"period_start": "2025-01-01", "period_end": "2025-02-01",
         "lines": {"product_analytics": "7000.00", "session_replay": "3000.00"}, "tax": "0.00"},
        {"period_start": "2025-02-01", "lines": {"product_analytics": "10000.00"}},
        {"period_start": "2025-03-01", "lines": {"product_analytics": "14880.00"}},
        {"period_start": "2025-04-01", "lines": {"product_analytics": "14400.00"}},
        {"period_start": "2025-05-01", "lines": {"product_analytics": "14880.00"}},
    ],
    "upcoming_invoice": None,
    "renewal": None,
    "configuration": None,
}  # fmt: skip

EXAMPLE_HEAD = {
    "as_of": "2025-06-10", "available_credit": "55840.00", "burn_source": "complete_months",
    "burn_months": ["2025-03", "2025-04", "2025-05"], "burn_amount": "44160.00", "burn_days": 92,
    "daily_burn": "480.00", "anchor": "2025-06-01", "run_out_date": "2025-09-25", "runway_days": 107,
    "contract_end": "2026-01-01", "annual_spend": "90000.00", "discount_percent": 25.0,
    "term_start": "2025-01-01", "term_end": "2026-01-01", "first_half_end": "2025-07-01",
    "last_two_months_from": "2025-11-01", "scenario": "BETWEEN", "alert": True,
    "action": {"kind": "new_order_form", "start": "2025-09-01", "term_months": 12},
    "rollover": {"cap": "60000.00", "remaining_at_end": "0.00", "renewal_qualifies": None,
                 "minimum_renewal_annual_spend": "90000.00", "allowed": "0.00", "expires_at": None},
    "grants": [{"kind": "PREPAID_CONTRACT", "amount": "120000.00", "starts_on": "2025-01-01",
                "expires_at": "2026-01-01", "status": "APPLIED", "consumed": "64160.00",
                "remaining": "55840.00", "expired": "0.00"}],
    "expiring": [{"date": "2026-01-01", "amount": "55840.00"}],
}  # fmt: skip


@pytest.fixture
def api(client):
    client.force_login(UserFactory())

    def post(body):
        return client.post(URL, json.dumps(body), content_type="application/json")

    return post


def example(**changes):
    body = copy.deepcopy(EXAMPLE_REQUEST)
    body.update(changes)
    return body


def test_it_answers_the_contract_example_exactly_b27_b31(api):
    """§7 example 5: run out in September → a new 12-month order form from September 1st."""
    body = api(EXAMPLE_REQUEST).json()
    for key, value in EXAMPLE_HEAD.items():
        assert body[key] == value, key
    assert body["invoices"][0] == {
        "period_start": "2025-01-01",
        "period_end": "2025-02-01",
        "after_cn": "10000.00",
        "credits_applied": "10000.00",
        "billed": "0.00",
    }
    assert [row["after_cn"] for row in body["invoices"]] == [
        "10000.00",
        "10000.00",
        "14880.00",
        "14400.00",
        "14880.00",
    ]
    assert all(row["billed"] == "0.00" for row in body["invoices"])
    assert body["mrr"][0] == {
        "month": "2025-01",
        "configuration": "ENTERPRISE_YEARLY_CREDIT",
        "total": "7500.00",
        "products": {"product_analytics": "5250.00", "session_replay": "2250.00"},
    }
    # B-8: usage x (1 - 25 %), per month; B-7: 90000 / 12 a month.
    assert [(m["month"], m["total"], m["products"]) for m in body["mrr"][1:]] == [
        ("2025-02", "7500.00", {"product_analytics": "7500.00"}),
        ("2025-03", "7500.00", {"product_analytics": "11160.00"}),
        ("2025-04", "7500.00", {"product_analytics": "10800.00"}),
        ("2025-05", "7500.00", {"product_analytics": "11160.00"}),
    ]
    assert (
        "run-out 2025-09-25 is between first_half_end 2025-07-01 and 2025-11-01: BETWEEN (B-31)"
        in body["notes"]
    )
    assert "status" not in body


def test_it_takes_every_default_with_only_required_fields(api):
    minimal = {
        "as_of": "2025-06-10",
        "contract": {"credit_amount": "120000.00", "price": "90000.00", "start_date": "2025-01-01"},
        "invoices": EXAMPLE_REQUEST["invoices"],
    }
    body = api(minimal).json()
    for key, value in EXAMPLE_HEAD.items():
        assert body[key] == value, key


def test_it_answers_an_empty_request_with_insufficient_history(api):
    body = api({"as_of": "2025-06-10"}).json()
    assert body["burn_source"] == "none" and body["runway_days"] is None and body["run_out_date"] is None
    assert body["scenario"] == "NONE" and body["alert"] is False and body["action"] is None
    assert body["rollover"] is None and body["mrr"] == [] and body["available_credit"] == "0.00"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"as_of": "2025-02-30"}, {"as_of"}),
        ({"as_of": "10/06/2025"}, {"as_of"}),
        ({"colour": "red"}, {"colour"}),
        ({"configuration": "ENTERPRISE_AMORTIZED_CREDIT"}, {"configuration"}),
        ({"configuration": "SOMETHING"}, {"configuration"}),
        ({"configuration": "ENTERPRISE_YEARLY_CREDIT", "contract": None}, {"configuration"}),
        ({"renewal": {"price": "90000.00"}, "contract": None}, {"renewal"}),
        ({"renewal": {}}, {"renewal"}),
        ({"upcoming_invoice": {"period_start": "2025-06-11", "amount": "10.00"}}, {"upcoming_invoice"}),
        ({"upcoming_invoice": {"period_start": "2025-06-01"}}, {"upcoming_invoice"}),
        ({"grants": [{"amount": "0.00"}]}, {"grants"}),
        ({"grants": [{"amount": 100}]}, {"grants"}),
        ({"grants": [{"kind": "PREPAID_CONTRACT", "amount": "1.00"}]}, {"grants"}),
        ({"grants": [{"kind": "SELF_SERVE_TRANCHE", "amount": "1.00"}]}, {"grants"}),
        ({"grants": [{"kind": "GIFT", "amount": "1.00"}]}, {"grants"}),
        ({"grants": [{"amount": "1.00", "starts_on": "2025-03-01", "expires_at": "2025-03-01"}]}, {"grants"}),
        ({"grants": [{"amount": "1.00", "note": "x"}]}, {"grants"}),
        ({"invoices": [{"period_start": "2025-05-01", "lines": {"not_a_product": "1.00"}}]}, {"invoices"}),
        (
            {"invoices": [{"period_start": "2025-05-01", "lines": {"product_analytics": "1.001"}}]},
            {"invoices"},
        ),
        (
            {"invoices": [{"period_start": "2025-05-01", "lines": {"product_analytics": "-1.00"}}]},
            {"invoices"},
        ),
        ({"invoices": [{"period_start": "2025-05-01", "period_end": "2025-05-01"}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-06-01"}]}, {"invoices"}),
        ({"invoices": [{"lines": {}}]}, {"invoices"}),
    ],
)
def test_it_answers_400_naming_each_bad_field(api, changes, expected):
    response = api(example(**changes))
    assert response.status_code == 400
    assert expected <= set(response.json())


@pytest.mark.parametrize(
    ("contract", "field"),
    [
        ({"price": "130000.00"}, "price"),
        ({"credit_amount": "0.00"}, "credit_amount"),
        ({"discount_percent": 101}, "discount_percent"),
        ({"discount_percent": "25"}, "discount_percent"),
        ({"term_months": 0}, "term_months"),
        ({"prepaid_years": 2}, "prepaid_years"),
        ({"term_months": 30, "prepaid_years": 1}, "term_months"),  # paid yearly, not whole years
        ({"source": "SELF_SERVE", "term_months": 24}, "term_months"),
        ({"source": "RESELLER"}, "source"),
        ({"start_date": None}, "start_date"),
        ({"region": "EU"}, "region"),
    ],
)
def test_it_nests_a_bad_contract_field_under_contract(api, contract, field):
    body = example()
    body["contract"].update(contract)
    response = api(body)
    assert response.status_code == 400
    assert field in response.json()["contract"]


def test_it_nests_a_bad_invoice_like_drf_does(api):
    body = example(
        invoices=[{"period_start": "2025-05-01"}, {"period_start": "2025-06-01", "period_end": "2025-07-01"}]
    )
    errors = api(body).json()
    assert errors["invoices"][0] == {}
    assert list(errors["invoices"][1]) == ["period_end"]


def test_it_names_every_bad_field_at_once(api):
    errors = api(example(as_of="nope", colour=1, configuration="X")).json()
    assert {"as_of", "colour", "configuration"} <= set(errors)


def test_it_refuses_a_body_that_is_not_an_object(api):
    response = api(["2025-06-10"])
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_it_needs_authentication_but_no_role(client):
    assert client.post(URL, json.dumps(EXAMPLE_REQUEST), content_type="application/json").status_code in (
        401,
        403,
    )
    client.force_login(UserFactory(role=""))
    assert client.post(URL, json.dumps(EXAMPLE_REQUEST), content_type="application/json").status_code == 200


def test_it_runs_the_engine_functions_of_the_stored_jobs(api, monkeypatch):
    from billing import engine
    from billing.engine import credits

    calls = []
    real = credits.run_out

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(credits, "run_out", spy)
    assert api(EXAMPLE_REQUEST).json()["run_out_date"] == "2025-09-25"
    assert calls and engine.run_out is real


def test_it_is_in_the_openapi_schema(client):
    client.force_login(UserFactory())
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "post" in schema["paths"][URL]
