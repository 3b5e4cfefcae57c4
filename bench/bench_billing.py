"""Billing's nightly run at scale: `billing.compute_monthly_revenue` then `billing.creditbot`
(issue 19) on `scale.seeded(n)`: seconds, accounts/s, queries per chunk, peak RSS."""

import math
import time

import scale


def add_arguments(parser):
    parser.add_argument(
        "--billing-chunk",
        type=int,
        default=None,
        dest="billing_chunk",
        help="customers per chunk (default settings.BILLING_JOB_CHUNK)",
    )


def run(args) -> dict:
    from datetime import date

    from bench_pages import counting_queries
    from django.conf import settings
    from django.db import connection

    from accounts.models import Account
    from billing import jobs
    from billing.models import BillingCustomer

    chunk = args.billing_chunk or settings.BILLING_JOB_CHUNK
    as_of = date.fromisoformat(scale.AS_OF)
    results = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        accounts = Account.objects.count()
        customers = BillingCustomer.objects.count()
        chunks = max(1, math.ceil(customers / chunk))
        for name, job in (
            ("compute_monthly_revenue", lambda: jobs.compute_monthly_revenue(as_of=as_of, chunk=chunk)),
            ("creditbot", lambda: jobs.run_creditbot(as_of=as_of, chunk=chunk, notify_alerts=False)),
        ):
            started = time.perf_counter()
            with counting_queries(connection) as counter:
                outcome = job()
            seconds = time.perf_counter() - started
            results[f"{name} @ {size} accounts"] = {
                "seconds": round(seconds, 1),
                "accounts/s": round(accounts / seconds) if seconds else None,
                "customers": customers,
                "chunks": chunks,
                "queries/chunk": round(counter["queries"] / chunks, 1),
                "rows": outcome.get("rows"),
                "peak RSS MB": round(scale.peak_rss_mb()),
            }
    return results
