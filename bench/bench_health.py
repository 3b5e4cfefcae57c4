"""The nightly health run (issue 17): compute_signals + compute_scores over `scale.seeded(n)`.

Per size: seconds and accounts/s of the signals pass and the scores pass (the first scores run
also finalises last week, as the Monday run does), then of an unchanged rerun (nothing to
write); queries per chunk (min and max over the chunks: equal, as tests/health/test_pipeline.py
asserts, except a short last chunk's writes) and peak RSS.
"""

import time


def add_arguments(parser):
    parser.add_argument("--health-chunk", type=int, default=500, help="accounts per health chunk")


def _pass(job, chunks, as_of, config) -> tuple[float, list[int]]:
    from bench_pages import counting_queries
    from django.db import connection

    queries, started = [], time.perf_counter()
    for chunk in chunks:
        with counting_queries(connection) as counter:
            job(chunk, as_of, config)
        queries.append(counter["queries"])
    return time.perf_counter() - started, queries


def run(args) -> dict:
    from datetime import date

    import scale

    from accounts.health import pipeline, selectors
    from accounts.models import HealthScore, Signal

    as_of = date.fromisoformat(scale.AS_OF)
    results = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        Signal.objects.all().delete()
        HealthScore.objects.all().delete()
        ids = selectors.scope_account_ids()
        chunks = list(selectors.chunked(ids, args.health_chunk))
        config = selectors.active_config()
        signals_s, signal_queries = _pass(pipeline.signals_chunk, chunks, as_of, config)
        scores_s, score_queries = _pass(pipeline.scores_chunk, chunks, as_of, config)
        rerun_s = _pass(pipeline.signals_chunk, chunks, as_of, config)[0]
        rerun_s += _pass(pipeline.scores_chunk, chunks, as_of, config)[0]
        results[f"{size} accounts ({len(ids)} in scope, chunk {args.health_chunk})"] = {
            "signals_s": round(signals_s, 1),
            "scores_s": round(scores_s, 1),
            "nightly_s": round(signals_s + scores_s, 1),
            "accounts_per_s": round(len(ids) / max(signals_s + scores_s, 1e-9), 1),
            "rerun_s": round(rerun_s, 1),
            "queries_per_chunk": f"signals {min(signal_queries)}-{max(signal_queries)}, "
            f"scores {min(score_queries)}-{max(score_queries)}",
            "open_signals": Signal.objects.filter(closed_at__isnull=True).count(),
            "peak_rss_mb": scale.peak_rss_mb(),
        }
    return results
