"""POST /api/v1/quotes/preview exactly as contracts.md fixes it (P-19 and its decisions 1-6)."""

import copy
import json

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/quotes/preview"

CONTRACT_REQUEST = {
    "credit_amount": "75000.00",
    "term_years": 2,
    "prepaid_years": 2,
    "payment_terms_days": 30,
    "billing": "upfront",
    "deal_type": "new",
    "signing_date_committed": True,
    "days_before_expiry": None,
    "on_active_credit_plan": True,
    "nonprofit": False,
    "self_serve": False,
}
CONTRACT_RESPONSE_WITHOUT_NOTES = {
    "credit_amount": "75000.00",
    "components": {"volume": 25.0, "commitment": 3.0, "cash_timing": 2.5,
                   "forecast": 5.0, "nonprofit": 0.0, "self_serve": 0.0},
    "discount_pct": 35.5,
    "price": "48375.00",
    "custom_pricing": False,
    "within_policy": True,
}  # fmt: skip


@pytest.fixture
def api(client):
    client.force_login(UserFactory(role=""))

    def post(body):
        return client.post(URL, json.dumps(body), content_type="application/json")

    return post


def request_with(**changes):
    body = copy.deepcopy(CONTRACT_REQUEST)
    body.update(changes)
    return body


def test_it_answers_the_contract_example_exactly_p19(api):
    response = api(CONTRACT_REQUEST)
    assert response.status_code == 200
    answer = response.json()
    notes = answer.pop("notes")
    assert answer == CONTRACT_RESPONSE_WITHOUT_NOTES
    assert "status" not in answer
    # one note per lever applied: volume, commitment, cash timing, forecast
    assert [n.split(":")[0] for n in notes] == ["P-2", "P-4", "P-6", "P-8"]
    assert all(isinstance(n, str) and n for n in notes)
    text = response.content.decode().replace(" ", "")
    assert '"discount_pct":35.5' in text and '"volume":25.0' in text


def test_it_defaults_every_optional_field_decision_1(api):
    answer = api({"credit_amount": "75000.00", "term_years": 1, "deal_type": "new"}).json()
    assert answer["components"] == {
        "volume": 25.0,
        "commitment": 0.0,
        "cash_timing": 0.0,
        "forecast": 0.0,
        "nonprofit": 0.0,
        "self_serve": 0.0,
    }
    assert (answer["discount_pct"], answer["price"]) == (25.0, "56250.00")


def test_it_needs_no_role_any_authenticated_user_may_preview(api):
    assert api(CONTRACT_REQUEST).status_code == 200


def test_it_refuses_anonymous_callers(client):
    response = client.post(URL, json.dumps(CONTRACT_REQUEST), content_type="application/json")
    assert response.status_code in (401, 403)


def test_it_answers_custom_pricing_with_a_null_price_decision_3(api):
    answer = api(request_with(credit_amount="1000000.00", billing="monthly", prepaid_years=1)).json()
    assert answer["custom_pricing"] is True and answer["within_policy"] is False
    assert answer["price"] is None and answer["discount_pct"] == 0.0
    assert set(answer["components"].values()) == {0.0}


def test_it_prices_four_years_as_custom_not_as_an_error_p19(api):
    response = api(request_with(term_years=4, prepaid_years=1))
    assert response.status_code == 200
    assert response.json()["custom_pricing"] is True


def test_it_normalises_the_amount_to_two_places(api):
    assert api(request_with(credit_amount="75000.5")).json()["credit_amount"] == "75000.50"


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"credit_amount": 75000}, {"credit_amount"}),
        ({"credit_amount": "lots"}, {"credit_amount"}),
        ({"credit_amount": "1000.005"}, {"credit_amount"}),
        ({"credit_amount": "0.00"}, {"credit_amount"}),
        ({"credit_amount": "-5.00"}, {"credit_amount"}),
        ({"credit_amount": None}, {"credit_amount"}),
        ({"term_years": "2"}, {"term_years"}),
        ({"term_years": 2.5}, {"term_years"}),
        ({"term_years": True}, {"term_years"}),
        ({"term_years": 0}, {"term_years"}),
        ({"prepaid_years": 0}, {"prepaid_years"}),
        ({"prepaid_years": 3}, {"prepaid_years"}),
        ({"prepaid_years": "1"}, {"prepaid_years"}),
        ({"payment_terms_days": -1}, {"payment_terms_days"}),
        ({"payment_terms_days": 30.0}, {"payment_terms_days"}),
        ({"payment_terms_days": "30"}, {"payment_terms_days"}),
        ({"billing": "quarterly"}, {"billing"}),
        ({"deal_type": "upsell"}, {"deal_type"}),
        ({"deal_type": None}, {"deal_type"}),
        ({"billing": "monthly"}, {"billing", "prepaid_years"}),
        ({"days_before_expiry": "90"}, {"days_before_expiry"}),
        ({"days_before_expiry": 60.5}, {"days_before_expiry"}),
        ({"days_before_expiry": False}, {"days_before_expiry"}),
        ({"signing_date_committed": "true"}, {"signing_date_committed"}),
        ({"on_active_credit_plan": 1}, {"on_active_credit_plan"}),
        ({"nonprofit": None}, {"nonprofit"}),
        ({"self_serve": "no"}, {"self_serve"}),
    ],
)  # fmt: skip
def test_it_answers_400_naming_each_bad_field_p19(api, changes, named):
    response = api(request_with(**changes))
    assert response.status_code == 400
    assert set(response.json()) == named


@pytest.mark.parametrize("missing", ["credit_amount", "term_years", "deal_type"])
def test_it_names_a_missing_required_field_decision_1(api, missing):
    body = request_with()
    del body[missing]
    response = api(body)
    assert response.status_code == 400
    assert set(response.json()) == {missing}


def test_it_names_every_bad_field_at_once_decision_6(api):
    body = request_with(credit_amount="lots", term_years="2", deal_type="upsell", nonprofit="yes")
    response = api(body)
    assert response.status_code == 400
    assert set(response.json()) == {"credit_amount", "term_years", "deal_type", "nonprofit"}


def test_it_refuses_a_body_that_is_not_an_object(client):
    client.force_login(UserFactory())
    response = client.post(URL, json.dumps([1, 2]), content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_it_is_documented_in_the_schema(client):
    client.force_login(UserFactory())
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/quotes/preview" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/quotes/preview"]
    assert "/api/v1/quotes/" in schema["paths"] and "/api/v1/quotes/{id}/" in schema["paths"]
