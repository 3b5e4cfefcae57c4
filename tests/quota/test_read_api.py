"""Read API: attainment per TAM and per team for a quarter, with the pages' scope, in the schema."""

import pytest
from django.urls import reverse

from .test_pages import org  # noqa: F401  (the same people, books and recompute)

pytestmark = pytest.mark.django_db


def api(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_a_tam_lists_only_their_own_attainment(client, org):  # noqa: F811
    body = api(client, org["tess"], "api-quota-attainment", quarter="2025-Q2").json()
    assert [row["name"] for row in body] == ["Tess Amory"]
    row = body[0]
    assert row["attainment"] == "11160.00" and row["quota"] == "250000.00" and row["attainment_pct"] == 4.46
    assert row["buckets"]["monthly_change"] == "11160.00" and row["provisional"] is False


def test_a_lead_lists_the_team_and_a_manager_everyone(client, org):  # noqa: F811
    lead = {row["name"] for row in api(client, org["lead"], "api-quota-attainment", quarter="2025-Q2").json()}
    assert lead == {"Lee Lead", "Tess Amory", "Ulla Other"}
    everyone = api(client, org["manager"], "api-quota-attainment", quarter="2025-Q2").json()
    assert {row["name"] for row in everyone} == lead | {"Emil Eu"}


def test_one_reps_detail_lists_the_account_lines(client, org):  # noqa: F811
    body = api(client, org["lead"], "api-quota-attainment-rep", org["ulla"].pk, quarter="2025-Q2").json()
    assert body["attainment"] == "-19600.00"
    (line,) = body["lines"]
    assert line["churned"] is True and line["ending_arr"] == "0.00" and line["bucket"] == "churn_and_adjustments"


def test_detail_scope_and_errors_name_the_field(client, org):  # noqa: F811
    assert api(client, org["tess"], "api-quota-attainment-rep", org["emil"].pk).status_code == 403
    assert api(client, org["manager"], "api-quota-attainment-rep", 999999).status_code == 404
    bad = api(client, org["manager"], "api-quota-attainment", quarter="2025-Q5")
    assert bad.status_code == 400 and "quarter" in bad.json()


def test_team_attainment_follows_t2_to_t4_and_scope(client, org):  # noqa: F811
    (team,) = api(client, org["lead"], "api-quota-teams", quarter="2025-Q2").json()
    assert team["name"] == "US Product-led Sales" and team["total"] == "750000.00"
    assert team["attainment"] == "-8440.00"  # 11,160 (Tess) - 19,600 (Ulla) + 0 (the lead)
    assert {m["reason"] for m in team["members"]} == {"team_lead", "ramped"}
    assert len(api(client, org["manager"], "api-quota-teams", quarter="2025-Q2").json()) == 2
    assert api(client, org["tess"], "api-quota-teams").status_code == 403


def test_the_read_endpoints_are_in_the_openapi_schema(client, org):  # noqa: F811
    client.force_login(org["manager"])
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path in ("/api/v1/quota/attainment/", "/api/v1/quota/attainment/{rep_id}/", "/api/v1/quota/teams/"):
        assert path in schema["paths"]
    assert "RepAttainment" in schema["components"]["schemas"]
