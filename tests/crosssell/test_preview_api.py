"""`POST /api/v1/crosssell/preview`: the contracts.md example answers exactly; every listed 400."""

import json

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory

EXAMPLE = {
    "as_of": "2025-06-16",
    "products": {
        "product_analytics": {"spend_last_month": "1200.00", "active": True, "activated_at": "2025-02-03"},
        "feature_flags": {"spend_last_month": "400.00"},
        "error_tracking": {"spend_last_month": "250.00"},
    },
    "members": [
        {"families": ["engineering", "leadership"], "active": True, "count": 1},
        {"families": ["product"], "count": 2},
    ],
    "business_model": "B2C",
    "employee_count": 120,
    "company_tags": ["fintech"],
    "billing_type": "annual",
    "contract_start": "2025-01-15",
    "contract_end": "2026-01-14",
    "paid_start": None,
    "replay_prohibited": False,
    "open_incidents": [{"id": "INC-204"}],
    "open_tickets": [{"id": "4471", "priority": "high"}],
    "open_implementation_items": ["no_reverse_proxy"],
    "champions": [{"name": "Ana", "status": "left", "status_changed_on": "2025-05-02"}],
    "events": [{"type": "budget_constraint", "occurred_on": "2025-05-20", "product": None, "cleared": False}],
    "usage": {
        "recordings_analysed_30d": 0,
        "active_flags": 6,
        "flags_created_90d": 4,
        "flags_created_by_family_90d": {"marketing_growth": 1, "engineering": 3},
        "experiment_page_views_90d": 0,
        "web_analytics_page_views_90d": 0,
        "eval_runs_30d": 0,
        "group_count": 0,
        "group_analytics_plan": None,
        "events_weekly": [5200, 5100, 4800, 4500, 4100],
        "custom_event_names": ["signup", "checkout_completed"],
        "batch_exports": [{"destination": "s3", "table": "persons", "running": True}],
        "realtime_destinations": [{"type": "crm"}],
    },
}
FIVE_REASONS = {
    "active_support_issue_or_incident": {
        "label": "Open incident/ticket #INC-204, #4471",
        "reopens_when": "incident/ticket resolved",
        "reopens_on": None,
    },
    "implementation_needs_attention": {
        "label": "1 open health-check items",
        "reopens_when": "all fixed or not applicable",
        "reopens_on": None,
    },
    "budget_constraint": {
        "label": "Logged on 2025-05-20",
        "reopens_when": "date + 90 days, or cleared",
        "reopens_on": "2025-08-18",
    },
    "usage_declining_4w": {
        "label": "Weekly events down 4 weeks running",
        "reopens_when": "the first week-over-week rise",
        "reopens_on": None,
    },
    "champion_left": {
        "label": "Champion Ana left on 2025-05-02",
        "reopens_when": "a new champion is flagged",
        "reopens_on": None,
    },
}
NONE_UC = {
    "live": False,
    "attributed_spend": "0.00",
    "active_products": 0,
    "core_buyer_active_members": 0,
    "status": "none",
    "rank": None,
}
EXPECTED = {
    "as_of": "2025-06-16",
    "primary_use_case": "product_intelligence",
    "secondary_use_cases": ["release_engineering"],
    "overrides_applied": ["O1"],
    "use_cases": {
        "product_intelligence": {
            "live": True,
            "attributed_spend": "1200.00",
            "active_products": 1,
            "core_buyer_active_members": 2,
            "status": "primary",
            "rank": 1,
        },
        "release_engineering": {
            "live": True,
            "attributed_spend": "650.00",
            "active_products": 2,
            "core_buyer_active_members": 1,
            "status": "secondary",
            "rank": 2,
        },
        "observability": {
            "live": False,
            "attributed_spend": "0.00",
            "active_products": 0,
            "core_buyer_active_members": 1,
            "status": "none",
            "rank": None,
        },
        "growth_marketing": {
            "live": True,
            "attributed_spend": "0.00",
            "active_products": 0,
            "core_buyer_active_members": 0,
            "status": "none",
            "rank": None,
        },
        "ai_llm_observability": NONE_UC,
        "data_infrastructure": {**NONE_UC, "live": True},
        "customer_experience": NONE_UC,
    },
    "ai_signal": False,
    "billing_type": "annual",
    "contract_month": 6,
    "window": "prime",
    "days_since_paid_start": 152,
    "path": [
        {"position": 1, "product": "product_analytics", "feature": None, "state": "adopted"},
        {"position": 2, "product": "session_replay", "feature": None, "state": "next"},
        {"position": 3, "product": "surveys", "feature": None, "state": "not_adopted"},
        {"position": 4, "product": "experiments", "feature": None, "state": "not_adopted"},
        {"position": 5, "product": "workflows", "feature": None, "state": "not_adopted"},
    ],
    "next_product": {
        "product": "session_replay",
        "feature": None,
        "use_case": "product_intelligence",
        "position": 2,
        "maturity": "ga",
        "label": "Step 2 of the Product Intelligence path: Session Replay (first step not adopted; depth before breadth)",
    },
    "cards": {
        "session_replay": {
            "product": "session_replay",
            "feature": None,
            "status": "suppressed",
            "tier": 1,
            "motion": "cross_sell",
            "use_case": "product_intelligence",
            "maturity": "ga",
            "why_now": {
                "replay_upsell_opp": {
                    "kind": "trigger",
                    "ref": "replay_upsell_opp",
                    "label": "Replay Upsell Opp",
                },
                "window_prime": {
                    "kind": "window_prime",
                    "ref": None,
                    "label": "Contract month 6: prime cross-sell window",
                },
                "previous_step_activated": {
                    "kind": "previous_step_activated",
                    "ref": "product_analytics",
                    "label": "Previous path step Product Analytics activated on 2025-02-03",
                },
            },
            "why_not_now": FIVE_REASONS,
        },
        "experiments": {
            "product": "experiments",
            "feature": None,
            "status": "suppressed",
            "tier": 2,
            "motion": "cross_sell",
            "use_case": "product_intelligence",
            "maturity": "ga",
            "why_now": {
                "ff_opp_no_experiments": {
                    "kind": "trigger",
                    "ref": "ff_opp_no_experiments",
                    "label": "FF Opp (No Experiments)",
                },
                "window_prime": {
                    "kind": "window_prime",
                    "ref": None,
                    "label": "Contract month 6: prime cross-sell window",
                },
            },
            "why_not_now": FIVE_REASONS,
        },
    },
}


@pytest.fixture
def api(client):
    client.force_login(UserFactory())

    def post(body, expect=200):
        response = client.post(
            reverse("api-crosssell-preview"), data=json.dumps(body), content_type="application/json"
        )
        assert response.status_code == expect, response.content
        return response.json()

    return post


@pytest.mark.django_db
def test_it_answers_the_contract_example_exactly(api):
    """contracts.md example: CLS-2 O1, CLS-4/5, VIT-2/3, TIM-3 month 6, PAUSE-1/2/4/6/7, NEXT-2/4."""
    body = api(EXAMPLE)
    triggers = body.pop("triggers")
    notes = body.pop("notes")
    assert sorted(triggers) == ["ff_opp_no_experiments", "replay_upsell_opp"]
    assert notes and notes[0].startswith("O1:")
    assert body == EXPECTED
    assert "status" not in body


@pytest.mark.django_db
def test_it_needs_an_authenticated_user(client):
    response = client.post(reverse("api-crosssell-preview"), data="{}", content_type="application/json")
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_it_writes_nothing(api, django_assert_max_num_queries):
    from crosssell.models import Recommendation, TriggerEpisode, UseCaseAssignment

    api(EXAMPLE)
    assert not Recommendation.objects.exists()
    assert not TriggerEpisode.objects.exists()
    assert not UseCaseAssignment.objects.exists()


@pytest.mark.django_db
def test_an_empty_request_is_unclassified_monthly(api):
    body = api({})
    assert body["primary_use_case"] is None
    assert body["path"] == [] and body["next_product"] is None and body["cards"] == {}
    assert body["window"] == "none" and body["contract_month"] is None
    assert body["days_since_paid_start"] is None
    assert set(body["use_cases"]) == {
        "product_intelligence",
        "release_engineering",
        "observability",
        "growth_marketing",
        "ai_llm_observability",
        "data_infrastructure",
        "customer_experience",
    }


BAD = [
    ({"as_of": "16/06/2025"}, "as_of"),
    ({"as_of": "2025-02-30"}, "as_of"),
    ({"as_of": "2025-06-16", "products": {"product_analytics": {"activated_at": "2025-07-01"}}}, "products"),
    ({"as_of": "2025-06-16", "paid_start": "2025-07-01"}, "paid_start"),
    ({"as_of": "2025-06-16", "billing_type": "annual", "contract_start": "2025-07-01"}, "contract_start"),
    (
        {"as_of": "2025-06-16", "champions": [{"status": "left", "status_changed_on": "2025-06-17"}]},
        "champions",
    ),
    ({"as_of": "2025-06-16", "events": [{"type": "price_complaint", "occurred_on": "2025-06-20"}]}, "events"),
    ({"products": {"nope": {}}}, "products"),
    ({"events": [{"type": "budget_constraint", "product": "nope"}]}, "events"),
    ({"products": {"surveys": {"spend_last_month": "-1.00"}}}, "products"),
    ({"products": {"surveys": {"spend_last_month": "1.005"}}}, "products"),
    ({"products": {"surveys": {"spend_last_month": 12}}}, "products"),
    ({"members": [{"families": ["wizard"]}]}, "members"),
    ({"business_model": "B2G"}, "business_model"),
    ({"billing_type": "weekly"}, "billing_type"),
    ({"open_tickets": [{"priority": "p1"}]}, "open_tickets"),
    ({"champions": [{"status": "gone"}]}, "champions"),
    ({"events": [{"type": "party"}]}, "events"),
    ({"open_implementation_items": ["bad_vibes"]}, "open_implementation_items"),
    ({"usage": {"batch_exports": [{"destination": "ftp"}]}}, "usage"),
    ({"usage": {"batch_exports": [{"table": "groups"}]}}, "usage"),
    ({"usage": {"realtime_destinations": [{"type": "pager"}]}}, "usage"),
    ({"members": [{"count": -1}]}, "members"),
    ({"members": [{"count": 1.5}]}, "members"),
    ({"employee_count": -3}, "employee_count"),
    ({"usage": {"active_flags": -1}}, "usage"),
    ({"usage": {"group_count": True}}, "usage"),
    ({"usage": {"flags_created_90d": 2, "flags_created_by_family_90d": {"marketing_growth": 3}}}, "usage"),
    ({"billing_type": "annual"}, "contract_start"),
    (
        {
            "as_of": "2025-06-16",
            "billing_type": "annual",
            "contract_start": "2025-01-15",
            "contract_end": "2025-01-01",
        },
        "contract_end",
    ),
    (
        {
            "as_of": "2025-06-16",
            "billing_type": "annual",
            "contract_start": "2025-01-15",
            "contract_end": "2025-06-15",
        },
        "contract_end",
    ),
    ({"as_of": "2026-06-16", "billing_type": "annual", "contract_start": "2025-01-15"}, "contract_end"),
    ({"replay_prohibited": "yes"}, "replay_prohibited"),
    ({"products": {"surveys": {"active": 1}}}, "products"),
    ({"events": [{"type": "budget_constraint", "cleared": "no"}]}, "events"),
    ({"usage": {"batch_exports": [{"running": None}]}}, "usage"),
    ({"colour": "blue"}, "colour"),
    ({"usage": {"recordings_captured_30d": 3}}, "usage"),
    ({"usage": {"flag_requests_30d": 3}}, "usage"),
    ({"members": [{"families": ["product"], "team": "x"}]}, "members"),
    ({"products": {"surveys": {"spend": "1.00"}}}, "products"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), BAD)
def test_it_names_each_bad_field(api, body, field):
    errors = api(body, expect=400)
    assert field in errors, errors
    assert all(isinstance(v, list) and v for v in errors.values())


@pytest.mark.django_db
def test_every_bad_field_is_named_at_once(api):
    errors = api({"as_of": "x", "business_model": "B2G", "usage": {"nope": 1}}, expect=400)
    assert {"as_of", "business_model", "usage"} <= set(errors)


@pytest.mark.django_db
def test_dates_not_read_are_checked_for_format_only(api):
    """contracts.md: contract dates when monthly, paid_start when annual: format only."""
    body = api({"as_of": "2025-06-16", "contract_start": "2030-01-01", "contract_end": "2020-01-01"})
    assert body["window"] == "none"
    api({"as_of": "2025-06-16", "contract_start": "not a date"}, expect=400)
    body = api(
        {
            "as_of": "2025-06-16",
            "billing_type": "annual",
            "contract_start": "2025-01-15",
            "paid_start": "2030-01-01",
        }
    )
    assert body["days_since_paid_start"] == 152


@pytest.mark.django_db
def test_as_of_equal_to_contract_end_is_inside(api):
    body = api({"as_of": "2026-01-14", "billing_type": "annual", "contract_start": "2025-01-15"})
    assert body["window"] == "why_stay" and body["contract_month"] == 12


@pytest.mark.django_db
def test_the_schema_documents_the_preview(client):
    client.force_login(UserFactory())
    response = client.get(reverse("api-schema"))
    assert b"crosssell_preview" in response.content
    assert b"crosssell_account_recommendations" in response.content
