"""Refund calculator latency (issue 20): `POST /api/v1/billing/refunds/preview` through Django's
test Client (the contracts.md example, on PostHog's seven public tiers), the engine alone, and
the Refund request form's live check (`POST /billing/refunds/check/`, which loads the invoice's
facts: tiers, coupon, connected customers' history, MRR, overdue invoices), over
`--refund-calls` in-process calls (default 500).

No scale seeding: every case reads one invoice and its customer, so the figures do not depend on
the book's size (the facts loader's query count is fixed; tests/billing/test_refunds_pages.py
asserts it). Per case: calls/second, p50 and p95 latency (ms), SQL queries per call, peak RSS.
"""

import json
import time

TIERS = [
    {"up_to": 1000000, "unit_amount": "0"},
    {"up_to": 2000000, "unit_amount": "0.00005"},
    {"up_to": 15000000, "unit_amount": "0.0000343"},
    {"up_to": 50000000, "unit_amount": "0.0000295"},
    {"up_to": 100000000, "unit_amount": "0.0000218"},
    {"up_to": 250000000, "unit_amount": "0.000015"},
    {"up_to": None, "unit_amount": "0.000009"},
]
REQUEST = {
    "scenario": "learning_curve", "billing_date": "2025-05-01", "requested_on": "2025-05-10",
    "invoice_finalized": True, "is_first_bill_over_1": True,
    "lines": [{"product_key": "product_analytics", "prior_units": [1000000, 1000000, 1000000],
               "spike_units": 3000000, "tiers_mode": "graduated", "tiers": TIERS}],
}  # fmt: skip


def add_arguments(parser):
    parser.add_argument("--refund-calls", type=int, default=500, help="calls per refunds case")


def _world():
    """One spike invoice on the public tiers, as tests/billing/refund_world.py builds it."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from accounts.models import Account, User
    from billing.models import (
        BillingCustomer,
        Invoice,
        InvoiceLine,
        StripeCustomer,
        StripePrice,
        StripeProduct,
    )

    stamp = datetime(2025, 5, 1, 9, tzinfo=UTC)
    account = Account.objects.create(name="Bench refunds", posthog_organization_id="bench-refunds-org")
    customer = BillingCustomer.objects.create(account=account, name="Bench refunds")
    party = StripeCustomer.objects.create(
        stripe_id="cus_benchrefunds", billing_customer=customer, role="SINGLE",
        email="bench-refunds@example.com", stripe_created=stamp,
    )  # fmt: skip
    product = StripeProduct.objects.create(
        stripe_id="prod_benchrefunds", name="PA", product_key_id="product_analytics"
    )
    cents = [{"up_to": t["up_to"], "unit_amount_decimal": str(Decimal(t["unit_amount"]) * 100),
              "flat_amount_decimal": "0"} for t in TIERS]  # fmt: skip
    price = StripePrice.objects.create(
        stripe_id="price_benchrefunds", product=product, billing_scheme="tiered",
        tiers_mode="graduated", tiers=cents, usage_type="metered",
    )  # fmt: skip
    invoice = Invoice.objects.create(
        stripe_id="in_benchrefunds", number="BENCH-REFUNDS", stripe_customer=party, status="paid",
        period_start=date(2025, 4, 1), period_end=date(2025, 5, 1), service_month=date(2025, 4, 1),
        created=stamp, finalized_at=stamp, total=Decimal("84.30"), subtotal=Decimal("84.30"),
    )  # fmt: skip
    InvoiceLine.objects.create(stripe_id="il_benchrefunds", invoice=invoice, kind="USAGE",
                               product_key_id="product_analytics", price=price, quantity=Decimal(3000000),
                               amount=Decimal("84.30"), net_amount=Decimal("84.30"),
                               period_start=date(2025, 4, 1), period_end=date(2025, 5, 1))  # fmt: skip
    user, _ = User.objects.get_or_create(
        email="bench-refunds@example.com", defaults={"name": "Bench", "role": "tam"}
    )
    return invoice, user


def run(args) -> dict:
    from bench_pages import counting_queries
    from bench_quotes import _summary
    from django.db import connection, transaction
    from django.test import Client

    from billing.refunds.preview import parse_refund_request, preview_refund
    from billing.selectors import product_keys

    calls = args.refund_calls
    results = {}
    with transaction.atomic():
        invoice, user = _world()
        client = Client()
        client.force_login(user)
        body = json.dumps(REQUEST)
        facts, _ = parse_refund_request(REQUEST, product_keys=product_keys(), today=invoice.period_end)
        assert facts is not None
        form = {
            "invoice": str(invoice.pk), "scenario": "learning_curve", "channel": "in_app_ticket",
            "requested_on": "2025-05-10", "explanation": "bench", "is_first_bill_over_1": "on",
            "company_has_revenue": "on", "mitigation": "none", "usage_pattern": "normal",
            "product_analytics__include": "on", "product_analytics__prior_1": "1000000",
            "product_analytics__prior_2": "1000000", "product_analytics__prior_3": "1000000",
            "product_analytics__spike": "3000000",
        }  # fmt: skip

        def api_call():
            response = client.post("/api/v1/billing/refunds/preview", body, content_type="application/json")
            if response.status_code != 200 or response.json()["amount"] != "84.30":
                raise RuntimeError(f"preview answered {response.status_code}: {response.content[:200]!r}")

        def engine_call():
            if str(preview_refund(facts).amount) != "84.30":
                raise RuntimeError("the engine priced the example wrong")

        def live_check():
            response = client.post("/billing/refunds/check/", form, HTTP_HX_REQUEST="true")
            if response.status_code != 200 or b"<td data-amount>84.30</td>" not in response.content:
                raise RuntimeError(f"live check answered {response.status_code}")

        cases = (("POST /api/v1/billing/refunds/preview", api_call), ("engine evaluate_refund", engine_call),
                 ("POST /billing/refunds/check/ (htmx)", live_check))  # fmt: skip
        for case, call in cases:
            for _ in range(min(args.warmup, calls)):
                call()
            latencies = []
            with counting_queries(connection) as counter:
                for _ in range(calls):
                    started = time.perf_counter()
                    call()
                    latencies.append(time.perf_counter() - started)
            results[case] = _summary(latencies, counter["queries"])
        transaction.set_rollback(True)
    return results
