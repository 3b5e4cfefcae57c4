# ruff: noqa: RUF001, RUF003  (the contract writes its rules with – − × signs)
"""`POST /api/v1/health/preview` exactly as contracts.md: the example, defaults, every 400."""

import copy
import json
from datetime import date, timedelta

import pytest

from accounts.models import HealthScore, Signal, TimelineEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/health/preview"


def example_events() -> dict[str, int]:
    """The contract's elided series: 1000 a day before 2025-05-19, then weeks of 950, 910, 880, 860."""
    events, day = {}, date(2025, 2, 16)
    while day <= date(2025, 6, 15):
        value = 1000 if day < date(2025, 5, 19) else (950, 910, 880, 860)[(day - date(2025, 5, 19)).days // 7]
        events[day.isoformat()] = value
        day += timedelta(days=1)
    return events


EXAMPLE = {
    "as_of": "2025-06-15",
    "event_counts": example_events(),
    "active_users_30d": 2,
    "products_used_30d": ["product_analytics", "feature_flags"],
    "billing_page_views_7d": 0,
    "insight_dashboard_views_30d": 12,
    "warehouse_export_active": False,
    "warehouse_only_export_since": None,
    "seasonal_explanations": [{"starts_on": "2025-06-16", "ends_on": "2025-08-31", "reason": "summer"}],
    "customer_recommendations": [{"given_on": "2025-06-05", "status": "open"}],
    "shared_channel": {"created_on": "2024-11-02", "last_customer_message_on": "2025-06-09"},
    "contacts": {
        "c1": {"roles": ["champion"], "status": "active"},
        "c2": {"roles": ["admin"], "status": "active"},
    },
    "notes": [{"occurred_on": "2025-06-10", "direction": "inbound", "tags": ["pricing"], "contacts": ["c2"]}],
    "support_tickets": [{"opened_on": "2025-06-12"}],
    "arr": "48000.00",
    "renewal_date": "2025-08-31",
    "payment_late": False,
    "payg_failed_attempts": 0,
    "dunning_outreach_on": None,
    "previous_final_bands": ["Poor", "Poor", "Poor", "Fair"],
}

EXPECTED_COMPONENTS = {
    "usage_trend": {
        "label": "Usage trend",
        "points": 22,
        "max": 30,
        "rule": "0 < d < 10 → 22",
        "inputs": {"last30": 27200, "baseline": 30000.0, "baseline_windows": 3, "d": 9.33, "seasonal": False},
    },
    "engagement": {
        "label": "User engagement",
        "points": 3,
        "max": 25,
        "rule": "1–2 → 3",
        "inputs": {"active_users_30d": 2},
    },
    "breadth": {
        "label": "Product breadth",
        "points": 15,
        "max": 20,
        "rule": "2 → 10; +5 behavioral product, capped at 20",
        "inputs": {
            "products": ["feature_flags", "product_analytics"],
            "behavioral": True,
            "warehouse_cap": False,
        },
    },
    "relationship": {
        "label": "Relationship",
        "points": 15,
        "max": 15,
        "rule": "15 − 5 per open signal, floor 0",
        "inputs": {"open_signals": []},
    },
    "support_billing": {
        "label": "Support & billing",
        "points": 10,
        "max": 10,
        "rule": "10 − 4 (spike) − 3 (billing visits) − 10 (payment late/failed), floor 0",
        "inputs": {"open_signals": []},
    },
}


@pytest.fixture
def api(client):
    client.force_login(UserFactory(role=""))  # any authenticated user, even without a role
    return client


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_it_answers_the_contract_example_exactly(api):
    response = post(api, EXAMPLE)
    assert response.status_code == 200
    body = response.json()
    assert "status" not in body
    components = body.pop("components")
    assert set(body.pop("signals")) == {"volume_downtrend", "few_active_users"}
    assert set(body.pop("churn_reasons")) == {"renewal_lt_90d_negative"}
    assert body == {
        "as_of": "2025-06-15",
        "week_start": "2025-06-09",
        "model_version": 1,
        "score": 65,
        "band": "Fair",
        "top_losses": ["engagement", "usage_trend", "breadth"],
    }
    assert list(components) == list(EXPECTED_COMPONENTS)
    for key, expected in EXPECTED_COMPONENTS.items():
        got = dict(components[key])
        assert isinstance(got.pop("explanation"), str) and got["rule"]
        assert got == expected, key


def test_the_preview_writes_nothing(api):
    post(api, EXAMPLE)
    assert not HealthScore.objects.exists()
    assert not Signal.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_an_empty_request_uses_the_defaults(api, settings):
    body = post(api, {}).json()
    assert body["band"] == "No data"
    assert body["score"] is None
    assert body["as_of"] == date.today().isoformat()
    assert all(c["points"] is None and c["inputs"] == {} for c in body["components"].values())
    assert body["top_losses"] == [] and body["signals"] == [] and body["churn_reasons"] == []


def test_only_counted_products_count(api):
    """Decision 7: person_profiles is accepted but not counted (counts_for_adoption false)."""
    body = post(
        api,
        {
            "as_of": "2025-06-15",
            "event_counts": {"2025-06-15": 5},
            "products_used_30d": ["person_profiles", "product_analytics"],
        },
    ).json()
    assert body["components"]["breadth"]["inputs"]["products"] == ["product_analytics"]
    assert "single_product" in body["signals"]


def test_anonymous_is_refused(client):
    assert post(client, EXAMPLE).status_code in (401, 403)


def with_(**changes):
    body = copy.deepcopy(EXAMPLE)
    body.update(changes)
    return body


BAD = [
    ("as_of", {"as_of": "2025-6-9"}),
    ("as_of", {"as_of": "2025-02-30"}),
    ("as_of", {"as_of": None}),
    ("renewal_date", {"renewal_date": "31/08/2025"}),
    ("event_counts", {"event_counts": {"2025-06-16": 10}}),  # after as_of
    ("event_counts", {"event_counts": {"2025-06-01": 10.0}}),
    ("event_counts", {"event_counts": {"2025-06-01": -1}}),
    ("event_counts", {"event_counts": {"June 1": 1}}),
    (
        "customer_recommendations",
        {"customer_recommendations": [{"given_on": "2025-06-20", "status": "open"}]},
    ),
    (
        "customer_recommendations",
        {"customer_recommendations": [{"given_on": "2025-06-01", "status": "ignored"}]},
    ),
    ("customer_recommendations", {"customer_recommendations": [{"given_on": "2025-06-01"}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-16", "direction": "inbound"}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-10", "direction": "inbound", "tags": ["angry"]}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-10", "direction": "sideways"}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-10", "direction": "inbound", "contacts": ["c9"]}]}),
    ("notes", {"notes": [{"direction": "inbound"}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-10", "direction": "inbound", "mood": "bad"}]}),
    ("notes", {"notes": [{"occurred_on": "2025-06-10", "direction": "inbound", "tags": None}]}),
    ("support_tickets", {"support_tickets": [{"opened_on": "2025-06-16"}]}),
    ("support_tickets", {"support_tickets": [{"opened_on": "2025-06-01", "priority": "urgent"}]}),
    ("shared_channel", {"shared_channel": {"created_on": "2025-06-20", "last_customer_message_on": None}}),
    (
        "shared_channel",
        {"shared_channel": {"created_on": "2025-06-01", "last_customer_message_on": "2025-05-01"}},
    ),
    ("shared_channel", {"shared_channel": {"created_on": "2025-06-01"}}),
    ("dunning_outreach_on", {"dunning_outreach_on": "2025-06-16"}),
    ("warehouse_only_export_since", {"warehouse_only_export_since": "2025-07-01"}),
    ("active_users_30d", {"active_users_30d": -1}),
    ("active_users_30d", {"active_users_30d": "3"}),
    ("active_users_30d", {"active_users_30d": True}),
    ("billing_page_views_7d", {"billing_page_views_7d": 1.5}),
    ("insight_dashboard_views_30d", {"insight_dashboard_views_30d": None}),
    ("payg_failed_attempts", {"payg_failed_attempts": 5}),
    ("products_used_30d", {"products_used_30d": ["teleportation"]}),
    ("products_used_30d", {"products_used_30d": None}),
    ("contacts", {"contacts": {"c1": {"roles": ["wizard"], "status": "active"}}}),
    ("contacts", {"contacts": {"c1": {"roles": ["champion"], "status": "gone"}}}),
    ("contacts", {"contacts": {"c1": {"status": "active"}}}),
    ("previous_final_bands", {"previous_final_bands": ["poor"]}),
    (
        "seasonal_explanations",
        {"seasonal_explanations": [{"starts_on": "2025-07-01", "ends_on": "2025-06-01"}]},
    ),
    ("seasonal_explanations", {"seasonal_explanations": [{"starts_on": "2025-07-01"}]}),
    (
        "seasonal_explanations",
        {"seasonal_explanations": [{"starts_on": "2025-06-01", "ends_on": "2025-07-01", "reason": None}]},
    ),
    ("arr", {"arr": 48000}),
    ("arr", {"arr": "4.8e4"}),
    ("arr", {"arr": "+1.00"}),
    ("arr", {"arr": " 1.00"}),
    ("arr", {"arr": "1,000.00"}),
    ("arr", {"arr": "48000.555"}),
    ("arr", {"arr": "-1.00"}),
    ("payment_late", {"payment_late": "true"}),
    ("warehouse_export_active", {"warehouse_export_active": 1}),
    ("mystery", {"mystery": 1}),
]


@pytest.mark.parametrize(("field", "change"), BAD, ids=[f"{f}-{i}" for i, (f, _) in enumerate(BAD)])
def test_bad_input_names_the_field(api, field, change):
    response = post(api, with_(**change))
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert all(isinstance(message, str) and message for message in body[field])


def test_allowed_nulls_and_omitted_optional_keys_pass(api):
    body = with_(
        shared_channel=None,
        renewal_date=None,
        warehouse_only_export_since=None,
        dunning_outreach_on=None,
        notes=[{"occurred_on": "2025-06-10", "direction": "outbound"}],
        seasonal_explanations=[{"starts_on": "2025-06-16", "ends_on": "2025-08-31"}],
        arr="48000.5",
    )
    assert post(api, body).status_code == 200
    future_renewal = with_(
        renewal_date="2030-01-01",
        seasonal_explanations=[{"starts_on": "2030-01-01", "ends_on": "2030-02-01"}],
    )
    assert post(api, future_renewal).status_code == 200


def test_every_bad_field_is_named_at_once(api):
    response = post(api, with_(arr=1, payment_late="no", mystery=True))
    assert set(response.json()) >= {"arr", "payment_late", "mystery"}


def test_it_runs_the_model_in_force(api):
    """D-29: the preview uses the active HealthModel version and thresholds."""
    from accounts.models import HealthModel

    HealthModel.objects.create(version=2, components={}, thresholds={"S-3.max_users": 1})
    body = post(api, EXAMPLE).json()
    assert body["model_version"] == 2
    assert "few_active_users" not in body["signals"]


def test_the_schema_documents_the_preview_and_the_account_snapshot(api):
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/health/preview" in schema["paths"]
    assert (
        "/api/v1/accounts/{id}/health/" in schema["paths"]
        or "/api/v1/accounts/{pk}/health/" in schema["paths"]
    )
