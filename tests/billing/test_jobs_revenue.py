"""billing.compute_monthly_revenue: MonthlyRevenue per configuration and the accounts' mrr/arr
(B-2…B-11, B-16, §5 idempotency), with its per-chunk query count fixed."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing import jobs
from billing.jobs import revenue
from billing.models import MonthlyRevenue
from tests.billing.builders import at, customer, enterprise, usage_invoice
from tests.factories import (
    CreditGrantFactory,
    InvoiceFactory,
    InvoiceLineFactory,
    StripeCustomerFactory,
    StripePriceFactory,
)

pytestmark = pytest.mark.django_db


def totals(bc):
    return {
        r.month: (r.configuration, r.mrr)
        for r in MonthlyRevenue.objects.filter(billing_customer=bc, product_key__isnull=True)
    }


def products(bc, month):
    return {
        r.product_key_id: r.mrr
        for r in MonthlyRevenue.objects.filter(billing_customer=bc, month=month, product_key__isnull=False)
    }


def test_it_stores_paid_mrr_with_tax_and_refreshes_the_accounts_mrr_and_arr_b5_b16():
    bc, party = customer()
    usage_invoice(
        party, date(2025, 1, 1), {"product_analytics": "100.00", "session_replay": "50.00"}, tax="15.00"
    )
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    assert totals(bc)[date(2025, 1, 1)] == ("PAID", D("165.00"))
    assert products(bc, date(2025, 1, 1)) == {"product_analytics": D("100.00"), "session_replay": D("50.00")}
    row = MonthlyRevenue.objects.get(billing_customer=bc, month=date(2025, 1, 1), product_key__isnull=True)
    assert (
        row.tax == D("15.00")
        and "B-5" in row.explanation["rules"]
        and row.explanation["why"].startswith("B-2 (6)")
    )
    bc.account.refresh_from_db()
    assert bc.account.mrr == D("165.00") and bc.account.arr == D("1980.00")


def test_it_splits_the_yearly_credit_payment_and_discounts_product_usage_b7_b8():
    bc, _, _ = enterprise(monthly=["10000.00", "10000.00", "14880.00", "14400.00", "14880.00"])
    jobs.compute_monthly_revenue(as_of=date(2025, 6, 10), backfill=True)
    got = totals(bc)
    assert got[date(2025, 1, 1)] == ("ENTERPRISE_YEARLY_CREDIT", D("7500.00"))
    assert got[date(2025, 6, 1)] == ("ENTERPRISE_YEARLY_CREDIT", D("7500.00"))  # share even without usage yet
    assert products(bc, date(2025, 3, 1)) == {"product_analytics": D("11160.00")}


def test_it_amortizes_the_credits_subscription_across_the_two_stripe_customers_b9_b11():
    bc, usage = customer(role="USAGE", credit_discount_percent=D("20.00"), credit_discount_source="PURCHASE")
    credits = StripeCustomerFactory(billing_customer=bc, role="CREDITS")
    from tests.factories import CreditPurchaseFactory

    purchase = CreditPurchaseFactory(
        billing_customer=bc,
        billing="monthly",
        credit_amount=D("120000.00"),
        price=D("96000.00"),
        discount_percent=D("20.00"),
    )
    pay = InvoiceFactory(
        stripe_customer=credits,
        purpose="CREDIT_PURCHASE",
        credit_purchase=purchase,
        total=D("8000.00"),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 2, 1),
    )
    InvoiceLineFactory(
        invoice=pay,
        kind="CREDIT_PURCHASE",
        product_key=None,
        amount=D("8000.00"),
        price=StripePriceFactory(recurring_interval="month", usage_type="licensed"),
    )
    usage_invoice(usage, date(2025, 1, 1), {"session_replay": "5000.00"}, credits="4000.00")
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    # 8000 from the credits subscription + 1000 charged beyond the credit (D-7); products at -20 %
    assert totals(bc)[date(2025, 1, 1)] == ("ENTERPRISE_AMORTIZED_CREDIT", D("9000.00"))
    assert products(bc, date(2025, 1, 1)) == {"session_replay": D("4000.00")}


def test_it_counts_no_startup_mrr_while_credits_cover_the_invoices_b6():
    bc, party = customer()
    grant = CreditGrantFactory(
        billing_customer=bc,
        stripe_customer=party,
        kind="STARTUP_PLAN",
        amount=D("50000.00"),
        remaining=D("49000.00"),
    )
    inv = usage_invoice(party, date(2025, 1, 1), {"product_analytics": "1000.00"}, credits="1000.00")
    from tests.factories import CreditConsumptionFactory

    CreditConsumptionFactory(grant=grant, invoice=inv, amount=D("1000.00"))
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    assert totals(bc)[date(2025, 1, 1)] == ("STARTUP", D("0.00"))
    assert products(bc, date(2025, 1, 1)) == {"product_analytics": D("0.00")}


def test_it_computes_a_legacy_shape_like_paid_and_flags_it_b11():
    bc, party = customer()
    StripeCustomerFactory(billing_customer=bc, role="SINGLE")  # two single customers: not a covered shape
    usage_invoice(party, date(2025, 1, 1), {"product_analytics": "10.00"}, tax="1.00")
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    assert totals(bc)[date(2025, 1, 1)] == ("LEGACY", D("11.00"))


def test_free_customers_have_zero_mrr_and_no_product_rows_b4():
    bc, _party = customer()
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    assert set(totals(bc).values()) == {("FREE", D("0.00"))}
    assert not MonthlyRevenue.objects.filter(billing_customer=bc, product_key__isnull=False).exists()


def test_it_ignores_draft_and_void_invoices_and_deducts_credit_notes_b3():
    bc, party = customer()
    inv = usage_invoice(party, date(2025, 1, 1), {"product_analytics": "100.00"})
    usage_invoice(party, date(2025, 1, 1), {"product_analytics": "999.00"}, status="void")
    usage_invoice(party, date(2025, 1, 1), {"product_analytics": "999.00"}, status="draft")
    from tests.factories import CreditNoteFactory, CreditNoteLineFactory

    CreditNoteLineFactory(credit_note=CreditNoteFactory(invoice=inv, amount=D("30.00")), amount=D("30.00"))
    jobs.compute_monthly_revenue(as_of=date(2025, 2, 10))
    assert totals(bc)[date(2025, 1, 1)] == ("PAID", D("70.00"))


def test_a_rerun_writes_the_same_rows_idempotent():
    _bc, _, _ = enterprise(monthly=["10000.00"] * 5)
    fields = ("billing_customer_id", "month", "product_key_id", "configuration", "mrr", "explanation")
    jobs.compute_monthly_revenue(as_of=date(2025, 6, 10), backfill=True)
    first = sorted(MonthlyRevenue.objects.values_list(*fields), key=str)
    jobs.compute_monthly_revenue(as_of=date(2025, 6, 10), backfill=True)
    jobs.compute_monthly_revenue(as_of=date(2025, 6, 10))
    assert sorted(MonthlyRevenue.objects.values_list(*fields), key=str) == first


def _queries(count: int) -> int:
    ids = []
    for k in range(count):
        bc, party = customer()
        usage_invoice(
            party, date(2025, 5, 1), {"product_analytics": f"{100 + k}.00", "session_replay": "5.00"}
        )
        ids.append(bc.pk)
    with CaptureQueriesContext(connection) as captured:
        revenue.compute_chunk(ids, as_of=date(2025, 6, 10))
    return len(captured)


def test_its_queries_per_chunk_do_not_grow_with_the_chunk():
    small = _queries(2)
    assert small == _queries(20) == 15  # 10 loads, savepoint, delete, insert, accounts update, release


def test_it_runs_as_a_command_and_a_task(capsys):
    from django.core.management import call_command

    from billing.tasks import compute_monthly_revenue

    _bc, party = customer()
    usage_invoice(party, date(2025, 1, 1), {"product_analytics": "10.00"})
    call_command("billing_job", "compute_monthly_revenue", "--as-of", "2025-02-10")
    assert '"customers": 1' in capsys.readouterr().out
    assert compute_monthly_revenue.delay("2025-02-10").get()["rows"] >= 3
    assert at(date(2025, 1, 1)).year == 2025
