"""POST /api/v1/quota/preview exactly as contracts.md fixes it (Q-16, its decisions 1-6)."""

import copy
import json

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/quota/preview"

CONTRACT_REQUEST = {
    "quarter": "2025-Q2",
    "invoices": [
        {"period_start": "2025-01-01", "paid_on": "2025-02-05", "lines": {"product_analytics": "2300.00"}},
        {"period_start": "2025-02-01", "paid_on": "2025-03-05", "lines": {"product_analytics": "2200.00"}},
        {"period_start": "2025-03-01", "paid_on": "2025-04-05", "lines": {"product_analytics": "2500.00"}},
        {"period_start": "2025-04-01", "paid_on": "2025-05-05",
         "lines": {"product_analytics": "2000.00", "session_replay": "700.00"}},
        {"period_start": "2025-05-01", "paid_on": "2025-06-05", "lines": {"product_analytics": "2800.00"}},
        {"period_start": "2025-06-01", "paid_on": "2025-07-05",
         "lines": {"product_analytics": "2000.00", "session_replay": "500.00", "feature_flags": "500.00"}},
    ],
    "annual_contracts": [],
    "subscription_cancelled_on": None,
    "added_to_book_on": None,
    "inherited": False,
}  # fmt: skip

CONTRACT_RESPONSE = {
    "quarter": "2025-Q2",
    "starting_arr": "19600.00",
    "ending_arr": "30760.00",
    "contribution": "11160.00",
    "churned": False,
    "grace_applied": False,
    "months": [
        {"month": "2025-01", "invoice_amount": "2300.00", "paid_products": ["product_analytics"],
         "multiplier": 0.7, "quota_amount": "1610.00"},
        {"month": "2025-02", "invoice_amount": "2200.00", "paid_products": ["product_analytics"],
         "multiplier": 0.7, "quota_amount": "1540.00"},
        {"month": "2025-03", "invoice_amount": "2500.00", "paid_products": ["product_analytics"],
         "multiplier": 0.7, "quota_amount": "1750.00"},
        {"month": "2025-04", "invoice_amount": "2700.00", "paid_products": ["product_analytics", "session_replay"],
         "multiplier": 0.9, "quota_amount": "2430.00"},
        {"month": "2025-05", "invoice_amount": "2800.00", "paid_products": ["product_analytics"],
         "multiplier": 0.7, "quota_amount": "1960.00"},
        {"month": "2025-06", "invoice_amount": "3000.00",
         "paid_products": ["product_analytics", "session_replay", "feature_flags"],
         "multiplier": 1.1, "quota_amount": "3300.00"},
    ],
}  # fmt: skip


@pytest.fixture
def api(client):
    client.force_login(UserFactory())

    def post(body):
        return client.post(URL, json.dumps(body), content_type="application/json")

    return post


def request_with(**changes):
    body = copy.deepcopy(CONTRACT_REQUEST)
    body.update(changes)
    return body


def test_it_answers_the_contract_example_exactly_q16(api):
    """quota.md Handbook example 1 through the contract: the whole JSON, byte for byte in meaning."""
    response = api(CONTRACT_REQUEST)
    assert response.status_code == 200
    assert response.json() == CONTRACT_RESPONSE
    assert '"multiplier":0.7' in response.content.decode().replace(" ", "")
    assert "status" not in response.json()


def test_it_takes_the_defaults_for_every_field_but_the_quarter_q16(api):
    body = {"quarter": "2025-Q2", "invoices": CONTRACT_REQUEST["invoices"]}
    assert api(body).json() == CONTRACT_RESPONSE


def test_it_lists_paid_products_in_the_product_table_order_not_the_requests(api):
    """contracts.md decision 1; non-primary keys never appear, whatever their amount."""
    invoices = [{"period_start": "2025-06-01", "lines": {
        "workflows": "300.00", "experiments": "9000.00", "feature_flags": "300.00", "product_analytics": "300.00",
    }}]  # fmt: skip
    month = api(request_with(invoices=invoices)).json()["months"][0]
    assert month["paid_products"] == ["product_analytics", "feature_flags", "workflows"]
    assert (month["invoice_amount"], month["multiplier"], month["quota_amount"]) == (
        "9900.00",
        1.1,
        "10890.00",
    )


def test_it_sums_several_invoices_of_one_month_into_one_entry_qd25(api):
    invoices = [
        {"period_start": "2025-06-01", "lines": {"product_analytics": "150.00"}},
        {"period_start": "2025-06-20", "lines": {"product_analytics": "50.01", "surveys": "10"}},
    ]
    months = api(request_with(invoices=invoices)).json()["months"]
    assert months == [{"month": "2025-06", "invoice_amount": "210.01", "paid_products": ["product_analytics"],
                       "multiplier": 0.7, "quota_amount": "147.01"}]  # fmt: skip


def test_it_applies_grace_to_an_inherited_account_that_churns_early_q8(api):
    body = request_with(
        invoices=CONTRACT_REQUEST["invoices"][:5], inherited=True, added_to_book_on="2025-04-10"
    )
    answer = api(body).json()
    assert (answer["churned"], answer["grace_applied"], answer["contribution"]) == (True, True, "0.00")
    assert answer["ending_arr"] == "0.00" and answer["starting_arr"] == "19600.00"


def test_it_recognises_only_usage_above_the_run_rate_q9(api):
    invoices = [
        {"period_start": f"2025-0{m}-01", "lines": {"product_analytics": "20000.00"}} for m in range(1, 7)
    ]
    contracts = [{"start": "2025-01-01", "end": "2025-12-31", "annual_value": "120000.00"}]
    answer = api(request_with(invoices=invoices, annual_contracts=contracts)).json()
    assert {m["quota_amount"] for m in answer["months"]} == {"7000.00"}
    assert answer["contribution"] == "0.00"


def test_it_lists_every_month_with_zero_quota_while_a_legacy_conversion_is_suppressed_q10(api):
    contracts = [{"start": "2024-07-01", "end": "2026-06-30", "annual_value": "12000.00",
                  "converted_under_legacy_plan": True}]  # fmt: skip
    answer = api(request_with(annual_contracts=contracts)).json()
    assert len(answer["months"]) == 6
    assert {m["quota_amount"] for m in answer["months"]} == {"0.00"}
    assert answer["contribution"] == "0.00"


def test_it_ignores_paid_on_for_the_figures_qd15(api):
    invoices = copy.deepcopy(CONTRACT_REQUEST["invoices"])
    for item in invoices:
        item["paid_on"] = None
    assert api(request_with(invoices=invoices)).json() == CONTRACT_RESPONSE


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"quarter": "2025-Q5"}, {"quarter"}),
        ({"quarter": "2025-13"}, {"quarter"}),
        ({"quarter": 2025}, {"quarter"}),
        ({"quarter": None}, {"quarter"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"nonsense": "10.00"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": 2300}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": "1000.005"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": "-5.00"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": "lots"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": "1.00\n"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": {"product_analytics": "\u0662\u0663"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-02-30", "lines": {}}]}, {"invoices"}),
        ({"invoices": [{"lines": {"product_analytics": "1.00"}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "paid_on": "soon", "lines": {}}]}, {"invoices"}),
        ({"invoices": [{"period_start": "2025-04-01", "lines": ["product_analytics"]}]}, {"invoices"}),
        ({"invoices": {"period_start": "2025-04-01"}}, {"invoices"}),
        ({"annual_contracts": [{"start": "2025-06-01", "end": "2025-01-01", "annual_value": "1.00"}]},
         {"annual_contracts"}),
        ({"annual_contracts": [{"start": "2025-01-01", "end": "2025-12-31", "annual_value": "0.00"}]},
         {"annual_contracts"}),
        ({"annual_contracts": [{"start": "2025-01-01", "end": "2025-12-31", "annual_value": 1200}]},
         {"annual_contracts"}),
        ({"annual_contracts": [{"start": "2025-01-01", "end": "2025-12-31", "annual_value": "1.00",
                                "converted_under_legacy_plan": "yes"}]}, {"annual_contracts"}),
        ({"annual_contracts": [{"start": "01/01/2025", "end": "2025-12-31", "annual_value": "1.00"}]},
         {"annual_contracts"}),
        ({"inherited": True}, {"inherited", "added_to_book_on"}),
        ({"inherited": "true", "added_to_book_on": "2025-04-01"}, {"inherited"}),
        ({"inherited": 1, "added_to_book_on": "2025-04-01"}, {"inherited"}),
        ({"subscription_cancelled_on": "tomorrow"}, {"subscription_cancelled_on"}),
        ({"added_to_book_on": "2025-04-31"}, {"added_to_book_on"}),
    ],
)  # fmt: skip
def test_it_answers_400_naming_each_bad_field_q16(api, changes, named):
    response = api(request_with(**changes))
    assert response.status_code == 400
    assert set(response.json()) == named


def test_it_names_every_bad_field_at_once_not_only_the_first_q16(api):
    body = request_with(
        quarter="2025-Q0",
        invoices=[{"period_start": "2025-04-01", "lines": {"bogus": "1.00", "logs": 3.5}}],
        annual_contracts=[{"start": "2025-06-01", "end": "2025-01-01", "annual_value": "-1"}],
        inherited=True,
    )
    answer = api(body).json()
    assert set(answer) == {"quarter", "invoices", "annual_contracts", "inherited", "added_to_book_on"}
    assert answer["invoices"] == [
        "invoices[0].lines.bogus: not a product key.",
        "invoices[0].lines.logs: must be a JSON string holding a non-negative decimal with at most two places, "
        'e.g. "2300.00".',
    ]
    assert len(answer["annual_contracts"]) == 2  # the bad amount and start after end


def test_it_refuses_a_body_that_is_not_an_object(api):
    response = api(["2025-Q2"])
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_it_needs_authentication(client):
    response = client.post(URL, json.dumps(CONTRACT_REQUEST), content_type="application/json")
    assert response.status_code in (401, 403)


def test_it_lets_any_authenticated_user_preview_and_keeps_the_path_without_a_slash(client):
    client.force_login(UserFactory(role=""))  # no role: read-only, still allowed a stateless preview
    assert client.post(URL, json.dumps(CONTRACT_REQUEST), content_type="application/json").status_code == 200
    assert (
        client.post(URL + "/", json.dumps(CONTRACT_REQUEST), content_type="application/json").status_code
        == 404
    )


def test_it_runs_the_engine_function_the_stored_pipeline_runs(api, monkeypatch):
    import quota.preview
    from quota import engine

    calls = []

    def spy(facts, policy):
        calls.append(policy.primary_products)
        return engine.compute_contribution(facts, policy)

    monkeypatch.setattr(quota.preview, "compute_contribution", spy)
    assert api(CONTRACT_REQUEST).json() == CONTRACT_RESPONSE
    assert calls == [engine.DEFAULT_PRIMARY_PRODUCTS]  # billing's catalogue order = the contract table


def test_it_is_in_the_openapi_schema(client):
    client.force_login(UserFactory())
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "post" in schema["paths"][URL]
