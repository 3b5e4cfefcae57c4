# ruff: noqa: RUF003  (the contract writes its rules with – − × signs)
"""My book columns and `GET /api/v1/accounts/{id}/health/` (§5)."""

from datetime import timedelta

import pytest

from accounts.health import services
from accounts.health.selectors import book_columns, monday_of
from tests.factories import AccountFactory, HealthScoreFactory, SignalFactory, UserFactory

pytestmark = pytest.mark.django_db


def weeks(account, count, band="Fair"):
    this_week = monday_of(services.today())
    for back in range(count):
        HealthScoreFactory(
            account=account,
            week_start=this_week - timedelta(days=7 * back),
            score=50 + back,
            band=band,
            final=back > 0,
        )


def test_book_columns_have_exactly_the_two_keys_oldest_to_newest():
    account = AccountFactory()
    weeks(account, 6)
    columns = book_columns([account.pk])
    assert set(columns[account.pk]) == {"health_band", "health_last_4_weeks"}
    last4 = columns[account.pk]["health_last_4_weeks"]
    assert [w["score"] for w in last4] == [53, 52, 51, 50]
    assert set(last4[0]) == {"week_start", "score", "band"}
    assert last4[0]["week_start"] < last4[-1]["week_start"]
    assert columns[account.pk]["health_band"] == "Fair"


def test_book_columns_leave_out_accounts_without_scores_in_one_query(django_assert_num_queries):
    scored = [AccountFactory() for _ in range(20)]
    for account in scored:
        weeks(account, 2, band="Good")
    unscored = AccountFactory()
    with django_assert_num_queries(1):
        columns = book_columns([a.pk for a in scored] + [unscored.pk])
    assert unscored.pk not in columns and len(columns) == 20


def test_the_account_health_api_returns_latest_breakdown_signals_and_history(client):
    account = AccountFactory()
    weeks(account, 3)
    SignalFactory(account=account, kind="single_product", rule_id="S-8", evidence={"products": ["logs"]})
    SignalFactory(account=account, kind="slack_silent", closed_on="2026-11-20", closed_at="2026-11-20T00:00Z")
    client.force_login(UserFactory(role=""))
    body = client.get(f"/api/v1/accounts/{account.pk}/health/").json()
    assert body["score"] == 50 and body["band"] == "Fair" and body["final"] is False
    assert body["model_version"] == 1 and body["components"] == []
    assert [s["kind"] for s in body["signals"]] == ["single_product"]
    assert body["signals"][0]["label"] == "Single product usage"
    assert [h["score"] for h in body["history"]] == [52, 51, 50]


def test_the_account_health_api_404s_and_needs_a_login(client):
    assert client.get("/api/v1/accounts/999/health/").status_code in (401, 403)
    client.force_login(UserFactory())
    assert client.get("/api/v1/accounts/999/health/").status_code == 404
