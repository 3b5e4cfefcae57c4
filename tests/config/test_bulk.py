"""config.bulk.BulkWriter: the set-wise writes the demo generator stands on."""

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import Account, AccountDailyMetrics, Team
from billing.models import Product
from config.bulk import BulkWriter

pytestmark = pytest.mark.django_db  # the load's own atomic block is a savepoint here
NOW = datetime(2026, 11, 30, 6, tzinfo=UTC)


def schema_of(table: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
            [table],
        )
        constraints = set(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return constraints | set(cursor.fetchall())


def test_it_writes_given_columns_and_fills_the_rest_from_defaults():
    writer = BulkWriter(now=NOW)
    written = writer.write(Account, ("id", "posthog_organization_id", "name"),
                           [(7, "org_a", "Acme"), (8, "org_b", "Beta")])
    writer.reset_sequences()
    assert written == 2 and writer.counts == {"accounts_account": 2}
    acme = Account.objects.get(pk=7)
    assert (acme.name, acme.created_at, acme.discount_agreement_in_place) == ("Acme", NOW, False)
    assert Account.objects.create(posthog_organization_id="org_c", name="C").pk > 8  # sequence moved on


def test_it_converts_json_dates_and_decimals_on_either_database():
    writer = BulkWriter(now=NOW)
    writer.write(Account, ("id", "posthog_organization_id", "name", "mrr"), [(1, "org_a", "A", "12.50")])
    writer.write(
        AccountDailyMetrics, ("id", "account_id", "date", "event_count", "product_usage"),
        [(1, 1, date(2026, 11, 1), 10, {"session_replay": {"recordings_captured": 3}})],
    )
    row = AccountDailyMetrics.objects.get()
    assert row.product_usage == {"session_replay": {"recordings_captured": 3}}
    assert row.date == date(2026, 11, 1) and row.imported_at == NOW
    assert str(Account.objects.get().mrr) == "12.50"


def test_it_names_an_unknown_column():
    with pytest.raises(ValueError, match="nonsense"):
        BulkWriter().write(Team, ("id", "nonsense"), [(1, "x")])


def test_it_restores_every_constraint_and_index_after_a_postgres_bulk_load(postgres):
    before = {t: schema_of(t) for t in ("accounts_accountdailymetrics", "accounts_account")}
    writer = BulkWriter(now=NOW)
    with transaction.atomic(), writer.loading([Account, AccountDailyMetrics]):
        assert schema_of("accounts_accountdailymetrics") != before["accounts_accountdailymetrics"]
        writer.write(Account, ("id", "posthog_organization_id", "name"), [(1, "org_a", "A")])
        writer.write(AccountDailyMetrics, ("id", "account_id", "date"), [(1, 1, date(2026, 11, 1))])
    assert {t: schema_of(t) for t in before} == before


def test_it_still_rejects_bad_rows_when_restoring_constraints(postgres):
    writer = BulkWriter(now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic(), writer.loading([AccountDailyMetrics]):
        writer.write(AccountDailyMetrics, ("id", "account_id", "date"), [(1, 999, date(2026, 11, 1))])
    assert not AccountDailyMetrics.objects.exists()
    assert Product.objects.count() == 21
