"""The nightly cross-sell chain (issue 18, J-1): seconds, accounts/s, queries per chunk, peak RSS.

For each size in `--scale`, the scratch database holds the demo data set (`scale.seeded`),
then `crosssell.pipeline.run_nightly` runs in-process twice for the same day: the first run
writes everything (facts, classification, episodes, cards), the second is the idempotent
rerun (changes nothing, notifies nobody). Queries per chunk come from the run's own count
(a connection execute wrapper, as `bench_pages.counting_queries`).
"""

import time
from datetime import date

import scale
from bench_pages import counting_queries


def add_arguments(parser) -> None:
    parser.add_argument("--crosssell-chunk", type=int, default=250, dest="crosssell_chunk",
                        help="accounts per chunk of the nightly chain")


def run(args) -> dict:
    from django.db import connection

    from crosssell.models import CrossSellRun, Recommendation, TriggerEpisode
    from crosssell.pipeline import run_nightly

    as_of = date.fromisoformat(scale.AS_OF)
    results: dict[str, dict] = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        CrossSellRun.objects.all().delete()
        for label in ("first run", "rerun same day"):
            started = time.perf_counter()
            with counting_queries(connection) as counter:
                nightly = run_nightly(as_of=as_of, chunk_size=args.crosssell_chunk)
            seconds = time.perf_counter() - started
            chunks = nightly.chunk_queries
            results[f"{size} accounts, {label}"] = {
                "seconds": round(seconds, 1),
                "accounts": nightly.accounts,
                "accounts_per_s": round(nightly.accounts / seconds, 1) if seconds else 0,
                "chunk": args.crosssell_chunk,
                "queries_per_full_chunk": max(chunks[:-1] or chunks),
                "queries_total": counter["queries"],
                "errors": len(nightly.errors),
                "episodes_open": TriggerEpisode.objects.filter(ended_on__isnull=True).count(),
                "cards": Recommendation.objects.filter(kind="product_card").count(),
                "peak_rss_mb": scale.peak_rss_mb(),
            }
    return results
