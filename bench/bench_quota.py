"""The quota recompute at scale (issue 14): a full recompute of the demo's current quarter.

For each `--scale` size: `scale.seeded(size)` (the demo data, no recompute), then, in-process,
a first full run (every row written) and a second run (idempotent: nothing written). Per run:
seconds, accounts/s, queries per chunk (counted around each chunk), chunk size, rows written,
peak RSS of this process.
"""

import time
from datetime import date

import scale
from bench_pages import counting_queries


def add_arguments(parser) -> None:
    parser.add_argument("--quota-chunk", type=int, default=500, help="accounts per recompute chunk")


def _timed_run(quarter, today, chunk_size: int) -> dict:
    from django.db import connection

    from quota.recompute import service

    per_chunk: list[int] = []
    original = service.recompute_chunk

    def counted(ctx, account_ids):
        with counting_queries(connection) as counter:
            result = original(ctx, account_ids)
        per_chunk.append(counter["queries"])
        return result

    service.recompute_chunk = counted
    try:
        started = time.perf_counter()
        run = service.recompute_quarter(quarter, today=today, trigger="command", chunk_size=chunk_size)
        seconds = time.perf_counter() - started
    finally:
        service.recompute_chunk = original
    return {
        "seconds": round(seconds, 2),
        "accounts": run.account_count,
        "accounts_per_s": round(run.account_count / seconds, 1) if seconds else 0.0,
        "chunk_size": chunk_size,
        "chunks": run.chunk_count,
        "queries_per_chunk_max": max(per_chunk, default=0),
        "queries_per_chunk_min": min(per_chunk, default=0),
        "rows_written": sum(run.rows_written.values()),
        "peak_rss_mb": scale.peak_rss_mb(),
    }


def run(args) -> dict:
    from quota.engine import Quarter

    today = date.fromisoformat(scale.AS_OF)
    quarter = Quarter.containing(today)
    results = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        results[f"quota recompute {quarter} · {size} accounts · first run"] = _timed_run(
            quarter, today, args.quota_chunk
        )
        results[f"quota recompute {quarter} · {size} accounts · rerun (idempotent)"] = _timed_run(
            quarter, today, args.quota_chunk
        )
    return results
