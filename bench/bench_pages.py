"""Foundation pages through Django's test Client: the liveness endpoint and the login page.

Per case: requests/second, median and 95th-percentile latency, SQL queries per request.
"""

import statistics
import time
from contextlib import contextmanager

CASES = {
    "GET /api/v1/health/": "/api/v1/health/",
    "GET /login/": "/login/",
}


@contextmanager
def counting_queries(connection):
    """Count statements without the debug cursor's 9000-entry cap or its bookkeeping."""
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def measure(client, path: str, *, iterations: int, warmup: int) -> dict:
    from django.db import connection

    for _ in range(warmup):
        client.get(path)
    latencies = []
    with counting_queries(connection) as counter:
        for _ in range(iterations):
            started = time.perf_counter()
            response = client.get(path)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")
    latencies.sort()
    return {
        "iterations": iterations,
        "req_per_s": iterations / sum(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[max(0, round(0.95 * iterations) - 1)] * 1000,
        "queries_per_req": counter["queries"] / iterations,
    }


def run(args) -> dict:
    from django.test import Client

    client = Client()
    return {
        case: measure(client, path, iterations=args.iterations, warmup=args.warmup)
        for case, path in CASES.items()
    }
