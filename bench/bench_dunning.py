"""Late payments at scale (issue 20): `billing.detect_late_payments` then `billing.dunning_scheduler`
on `scale.seeded(n)` — the first run of the as-of day (cases opened, steps created, alerts off),
then its rerun (idempotent: nothing written) — seconds, queries per chunk, peak RSS."""

import math
import time

import scale


def run(args) -> dict:
    from datetime import date

    from bench_pages import counting_queries
    from django.conf import settings
    from django.db import connection

    from billing import jobs
    from billing.models import BillingCustomer, DunningCase, DunningStep

    chunk = settings.BILLING_JOB_CHUNK
    as_of = date.fromisoformat(scale.AS_OF)
    results = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        DunningCase.objects.all().delete()
        customers = BillingCustomer.objects.count()
        chunks = max(1, math.ceil(customers / chunk))
        for attempt in ("first run", "rerun"):
            for name, job in (
                ("detect_late_payments", lambda: jobs.detect_late_payments(as_of=as_of, alert=False)),
                ("dunning_scheduler", lambda: jobs.dunning_scheduler(as_of=as_of, alert=False)),
            ):
                started = time.perf_counter()
                with counting_queries(connection) as counter:
                    outcome = job()
                seconds = time.perf_counter() - started
                live = max(1, math.ceil(DunningCase.objects.count() / chunk))
                results[f"{name} {attempt} @ {size} accounts"] = {
                    "seconds": round(seconds, 2),
                    "customers": customers,
                    "chunks": chunks if name == "detect_late_payments" else live,
                    "queries": counter["queries"],
                    "outcome": outcome,
                    "cases": DunningCase.objects.count(),
                    "steps": DunningStep.objects.count(),
                    "peak RSS MB": round(scale.peak_rss_mb()),
                }
    return results
