"""Quote preview latency (issue 15): `POST /api/v1/quotes/preview` through Django's test Client,
and the pricing engine alone, over `--quote-calls` in-process calls (default 1,000).

No scale seeding: the preview reads only the policy version in force (one query; a published
version's rows are cached per process because published versions never change, V-1).
Per case: calls/second, p50 and p95 latency (ms), SQL queries per call, peak RSS.
"""

import json
import statistics
import time

REQUEST = {
    "credit_amount": "75000.00", "term_years": 2, "prepaid_years": 2, "payment_terms_days": 30,
    "billing": "upfront", "deal_type": "new", "signing_date_committed": True, "days_before_expiry": None,
    "on_active_credit_plan": True, "nonprofit": False, "self_serve": False,
}  # fmt: skip


def add_arguments(parser):
    parser.add_argument("--quote-calls", type=int, default=1000, help="preview calls per quotes case")


def _summary(latencies: list[float], queries: int) -> dict:
    from scale import peak_rss_mb

    latencies.sort()
    n = len(latencies)
    return {
        "calls": n,
        "calls_per_s": n / sum(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, round(0.95 * n) - 1)] * 1000,
        "queries_per_call": queries / n,
        "peak_rss_mb": peak_rss_mb(),
    }


def run(args) -> dict:
    from bench_pages import counting_queries
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from revops.engine import price_quote
    from revops.policy_services import policy_seed_handbook
    from revops.quote_requests import parse_quote_request
    from revops.selectors import pricing_policy_in_force

    policy_seed_handbook()
    calls = args.quote_calls
    user, _ = User.objects.get_or_create(email="bench-quotes@example.com", defaults={"name": "Bench"})
    client = Client()
    client.force_login(user)
    body = json.dumps(REQUEST)

    def api_call():
        response = client.post("/api/v1/quotes/preview", body, content_type="application/json")
        if response.status_code != 200 or response.json()["price"] != "48375.00":
            raise RuntimeError(f"preview answered {response.status_code}: {response.content[:200]!r}")

    from django.utils import timezone

    _, policy = pricing_policy_in_force(timezone.localdate())
    quote_input = parse_quote_request(REQUEST)

    def engine_call():
        if price_quote(quote_input, policy).price is None:
            raise RuntimeError("the engine priced the example as custom")

    results = {}
    for case, call in (("POST /api/v1/quotes/preview", api_call), ("engine price_quote", engine_call)):
        for _ in range(min(args.warmup, calls)):
            call()
        latencies = []
        with counting_queries(connection) as counter:
            for _ in range(calls):
                started = time.perf_counter()
                call()
                latencies.append(time.perf_counter() - started)
        results[case] = _summary(latencies, counter["queries"])
    return results
