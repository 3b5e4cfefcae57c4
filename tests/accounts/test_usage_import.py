"""account_daily_metrics_ingest: revops.md I-1/I-2 and health.md D-20 for the usage feed."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccountDailyMetrics
from accounts.usage_import import IngestResult, RowError, account_daily_metrics_ingest
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(role="revops_admin")


@pytest.fixture
def acme():
    return AccountFactory(posthog_organization_id="org-acme")


def ingest(rows, admin, **kwargs) -> IngestResult:
    return account_daily_metrics_ingest(rows=rows, acting_user=admin, **kwargs)


def stored(account):
    return {
        row.date.isoformat(): (row.event_count, row.logins, row.warehouse_export_active,
                               row.product_usage, row.source)
        for row in AccountDailyMetrics.objects.filter(account=account)
    }


def test_it_imports_typed_json_rows(admin, acme):
    result = ingest([{
        "account": "org-acme", "date": "2025-06-01", "event_count": 1200, "active_users_30d": 8,
        "billing_page_views": 2, "insight_dashboard_views": 14, "logins": 5,
        "warehouse_export_active": True,
        "product_usage": {"session_replay": {"recordings_captured": 40, "recordings_analysed": 3}},
    }], admin)
    assert result == IngestResult(rows_ok=1, errors=[])
    row = AccountDailyMetrics.objects.get(account=acme)
    assert (row.date, row.event_count, row.active_users_30d, row.billing_page_views,
            row.insight_dashboard_views, row.logins, row.warehouse_export_active, row.source) == (
        date(2025, 6, 1), 1200, 8, 2, 14, 5, True, "api")
    assert row.product_usage == {"session_replay": {"recordings_captured": 40, "recordings_analysed": 3}}
    assert row.imported_at is not None


def test_it_imports_csv_strings_with_flattened_product_usage(admin, acme):
    result = ingest([{
        "account": "org-acme", "date": "2025-06-02", "event_count": "900", "active_users_30d": "",
        "billing_page_views": "", "insight_dashboard_views": "3", "logins": "2",
        "warehouse_export_active": "false", "source": "csv",
        "product_usage.feature_flags.flag_requests": "5000",
        "product_usage.feature_flags.active_flags": "",
        "product_usage.experiments.experiment_page_views": "0",
    }], admin)
    assert result.errors == []
    assert stored(acme) == {"2025-06-02": (
        900, 2, False,
        {"feature_flags": {"flag_requests": 5000}, "experiments": {"experiment_page_views": 0}},
        "csv",
    )}


def test_it_reads_product_usage_given_as_json_text(admin, acme):
    result = ingest([{"account": "org-acme", "date": "2025-06-03",
                      "product_usage": '{"error_tracking": {"exceptions_captured": 7}}'}], admin)
    assert result.errors == []
    assert stored(acme)["2025-06-03"][3] == {"error_tracking": {"exceptions_captured": 7}}


def test_it_replaces_the_whole_row_on_reimport(admin, acme):
    """health.md D-20: the last import of an (account, date) wins, fields it omits included."""
    ingest([{"account": "org-acme", "date": "2025-06-01", "event_count": 10, "logins": 4,
             "product_usage": {"surveys": {"survey_responses": 2}}}], admin)
    ingest([{"account": "org-acme", "date": "2025-06-01", "event_count": 30}], admin)
    assert stored(acme) == {"2025-06-01": (30, 0, False, {}, "api")}
    assert AccountDailyMetrics.objects.count() == 1


def test_it_gives_the_same_data_when_the_same_rows_are_imported_twice(admin, acme):
    rows = [{"account": "org-acme", "date": f"2025-05-{d:02d}", "event_count": d,
             "product_usage.session_replay.recordings_captured": str(d)} for d in range(1, 11)]
    ingest(rows, admin)
    first = stored(acme)
    again = ingest(rows, admin)
    assert again.rows_ok == 10 and again.errors == []
    assert stored(acme) == first
    assert AccountDailyMetrics.objects.count() == 10


def test_it_keeps_the_last_row_of_a_day_given_twice_in_one_batch(admin, acme):
    result = ingest([
        {"account": "org-acme", "date": "2025-06-01", "event_count": 1},
        {"account": "org-acme", "date": "2025-06-01", "event_count": 2},
    ], admin)
    assert result.rows_ok == 2
    assert stored(acme)["2025-06-01"][0] == 2


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"account": "org-missing"}, "account", "no account with posthog_organization_id 'org-missing'"),
        ({"account": ""}, "account", "required"),
        ({"date": "2025-13-01"}, "date", "ISO date"),
        ({"date": ""}, "date", "required"),
        ({"date": 20250601}, "date", "ISO date"),
        ({"event_count": -1}, "event_count", "must not be negative"),
        ({"logins": "-3"}, "logins", "must not be negative"),
        ({"logins": "2.5"}, "logins", "whole number"),
        ({"logins": True}, "logins", "whole number"),
        ({"active_users_30d": 2**31}, "active_users_30d", "at most"),
        ({"warehouse_export_active": "maybe"}, "warehouse_export_active", "true or false"),
        ({"source": "ftp"}, "source", "one of api, csv"),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"imported_at": "2025-06-01T00:00:00Z"}, "imported_at", "set by the import"),
        ({"product_usage": {"replay": {"recordings_captured": 1}}}, "product_usage.replay", "unknown product key"),
        ({"product_usage.replay.recordings_captured": "1"}, "product_usage.replay", "unknown product key"),
        ({"product_usage": {"session_replay": {"recordings": 1}}}, "product_usage.session_replay.recordings", "unknown counter"),
        ({"product_usage": {"session_replay": {"recordings_captured": -2}}}, "product_usage.session_replay.recordings_captured", "must not be negative"),
        ({"product_usage.session_replay.recordings_captured": "x"}, "product_usage.session_replay.recordings_captured", "whole number"),
        ({"product_usage": {"session_replay": 4}}, "product_usage.session_replay", "must be an object"),
        ({"product_usage": "[1, 2]"}, "product_usage", "must be an object"),
        ({"product_usage": "{not json"}, "product_usage", "not valid JSON"),
        ({"product_usage.session_replay": "1"}, "product_usage.session_replay", "product_usage.<product_key>.<counter>"),
        ({"product_usage.teams_addon.seats": "1"}, "product_usage.teams_addon", "no usage counters"),
        ({"product_usage": {"logs": {"log_lines": 1}}, "product_usage.logs.log_lines": "2"}, "product_usage.logs.log_lines", "given twice"),
    ],
)
def test_it_reports_a_bad_field_with_its_row_number_and_writes_nothing_of_that_row(
    admin, acme, row, field, message
):
    good = {"account": "org-acme", "date": "2025-06-01", "event_count": 5}
    bad = {"account": "org-acme", "date": "2025-06-02", "event_count": 9, **row}
    result = ingest([good, bad], admin, first_row_number=2)
    assert result.rows_ok == 1
    assert [(e.row, e.field) for e in result.errors] == [(3, field)]
    assert message in result.errors[0].message
    assert set(stored(acme)) == {"2025-06-01"}


def test_it_reports_every_bad_field_of_a_row_and_rejects_non_objects(admin, acme):
    result = ingest([{"account": "nope", "date": "soon", "logins": -1}, ["org-acme"]], admin)
    assert result.rows_ok == 0
    assert result.errors == [
        RowError(1, "account", "no account with posthog_organization_id 'nope'."),
        RowError(1, "date", "must be an ISO date (YYYY-MM-DD), not 'soon'."),
        RowError(1, "logins", "must not be negative."),
        RowError(2, "row", "must be an object of field → value."),
    ]
    assert AccountDailyMetrics.objects.count() == 0


def test_it_refuses_a_date_in_the_future(admin, acme):
    tomorrow = (timezone.now().date() + timedelta(days=1)).isoformat()
    result = ingest([{"account": "org-acme", "date": tomorrow}], admin)
    assert [(e.field, "in the future" in e.message) for e in result.errors] == [("date", True)]


def test_it_accepts_booleans_in_the_usual_spellings(admin, acme):
    spellings = ["true", "TRUE", "1", "yes", True, 1, "false", "0", "no", False, 0]
    rows = [{"account": "org-acme", "date": f"2025-04-{i + 1:02d}", "warehouse_export_active": s}
            for i, s in enumerate(spellings)]
    assert ingest(rows, admin).errors == []
    flags = [v[2] for _, v in sorted(stored(acme).items())]
    assert flags == [True] * 6 + [False] * 5


def test_it_writes_a_batch_set_wise_not_one_query_per_row(admin, acme):
    other = AccountFactory(posthog_organization_id="org-other")

    def rows(n):
        return [{"account": a.posthog_organization_id, "date": (date(2025, 1, 1) + timedelta(days=i)).isoformat(),
                 "event_count": i} for i in range(n) for a in (acme, other)]

    with CaptureQueriesContext(connection) as small:
        ingest(rows(2), admin)
    with CaptureQueriesContext(connection) as large:
        ingest(rows(100), admin)
    # Bulk writes: SQLite's parameter limit may split 200 rows into a few INSERTs, never 200.
    assert len(large) <= len(small) + 200 // 50
    assert AccountDailyMetrics.objects.count() == 200
