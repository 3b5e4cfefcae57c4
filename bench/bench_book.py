"""My book, the accounts list and the account page at scale (issue 16).

For each `--scale` size: the demo data set (`scale.seeded`), then the real segment jobs once
(timed: the demo seed skips recomputes), then, as the busiest demo TAM (most AM Managed +
Leads + owned accounts), server time p50/p95 and SQL queries per request of each page through
Django's test Client.
"""

import time

import scale
from bench_pages import counting_queries, measure


def add_arguments(parser):
    parser.add_argument("--book-iterations", type=int, default=None,
                        help="requests per page case (default: --iterations)")


def busiest_tam():
    from django.db.models import Count, Q

    from accounts.models import User

    return (
        User.objects.filter(role="tam")
        .annotate(
            n=Count("book_memberships", filter=Q(book_memberships__ended_on__isnull=True), distinct=True)
            + Count("owned_accounts", distinct=True)
            + Count("lead_memberships", filter=Q(lead_memberships__closed_on__isnull=True), distinct=True)
        )
        .order_by("-n", "pk")
        .first()
    )


def run(args) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from accounts.book import selectors as book_selectors
    from accounts.models import Account
    from accounts.segments import services

    iterations = args.book_iterations or args.iterations
    results: dict[str, dict] = {}
    for size in scale.sizes(args):
        scale.seeded(size)
        with counting_queries(connection) as counter:
            started = time.perf_counter()
            services.top_40_rank(as_of=timezone.localdate())
            refreshed = services.segments_refresh(as_of=timezone.localdate())
            seconds = time.perf_counter() - started
        results[f"{size:,} · segment jobs (rank + refresh)"] = {
            "seconds": seconds, "accounts_per_s": size / seconds, "queries": counter["queries"],
            "memberships_opened": refreshed.added, "peak_rss_mb": scale.peak_rss_mb(),
        }
        tam = busiest_tam()
        account = (
            Account.objects.filter(owner=tam).annotate(n=Count("notes")).order_by("-n", "pk").first()
        )
        client = Client()
        client.force_login(tam)
        book = book_selectors.book_header(book_selectors.book_of(tam, as_of=timezone.localdate()))
        cases = {
            f"/book/ ({book.am_managed_count} AM Managed, {book.leads_count} leads)": "/book/",
            "/accounts/ (page 1, by ARR)": "/accounts/",
            "/accounts/?q=… (search)": "/accounts/?q=cloud",
            f"/accounts/?page={max(1, size // 100)} (mid-list)": f"/accounts/?page={max(1, size // 100)}",
            f"/accounts/{account.pk}/ (the TAM's busiest account)": f"/accounts/{account.pk}/",
        }
        for label, path in cases.items():
            metrics = measure(client, path, iterations=iterations, warmup=args.warmup)
            metrics["peak_rss_mb"] = scale.peak_rss_mb()
            results[f"{size:,} · GET {label}"] = metrics
    return results
