"""The demo generator at scale (issue 13): seconds, rows per second per table, peak RSS.

Each size runs `manage.py seed_demo --flush --no-recompute` in a child process against the
runner's scratch database, so every size's peak memory is its own. Targets on the 2-core
machine, generation only: 10,000 accounts ≤ 60 s, 50,000 ≤ 300 s, peak RSS ≤ 2 GB.
"""

import re
import subprocess
import sys

import scale

ROOT = scale.ROOT
TARGET_SECONDS = {10_000: 60, 50_000: 300}
TARGET_RSS_MB = 2048
SUMMARY = re.compile(r"Generated in ([\d.]+)s .*peak RSS (\d+) MB")
TABLE_LINE = re.compile(r"^\s+(\w+)\s+(\d+) rows\s+(\d+) rows/s")


def add_arguments(parser) -> None:
    parser.add_argument("--seed-sizes", default="10000,50000", help="account counts to seed, comma-separated")
    parser.add_argument("--as-of", default="2026-11-30", dest="seed_as_of")


def seed(accounts: int, as_of: str) -> tuple[dict, dict[str, tuple[int, int]]]:
    command = [sys.executable, "manage.py", "seed_demo", "--accounts", str(accounts), "--seed", "1",
               "--as-of", as_of, "--flush", "--no-recompute", "--quiet-census"]
    done = subprocess.run(command, cwd=ROOT, env=scale.child_environment(), capture_output=True, text=True,
                          check=False, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"seed_demo --accounts {accounts} failed:\n{done.stderr[-3000:]}")
    summary = SUMMARY.search(done.stdout)
    if summary is None:
        raise RuntimeError(f"unexpected seed_demo output:\n{done.stdout[-2000:]}")
    seconds, rss = float(summary.group(1)), int(summary.group(2))
    tables = {m.group(1): (int(m.group(2)), int(m.group(3)))
              for m in map(TABLE_LINE.match, done.stdout.splitlines()) if m}
    target = TARGET_SECONDS.get(accounts)
    result = {
        "seconds": seconds,
        "peak_rss_mb": rss,
        "rows": sum(count for count, _ in tables.values()),
        "rows_per_s": round(sum(count for count, _ in tables.values()) / max(seconds, 1e-9)),
        "target_s": target or "",
        "meets_target": (target is None or seconds <= target) and rss <= TARGET_RSS_MB,
    }
    return result, tables


def run(args) -> dict:
    from django.db import connection

    sizes = [int(size) for size in args.seed_sizes.split(",") if size.strip()]
    if connection.vendor != "postgresql":
        print("bench seed: not on PostgreSQL; the issue's figures are for Postgres (set DATABASE_URL)",
              file=sys.stderr)
    results = {}
    scale.mark_reseeded()
    for accounts in sizes:
        outcome, tables = seed(accounts, args.seed_as_of)
        results[f"{accounts} accounts ({connection.vendor}) · total"] = outcome
        for table, (count, rate) in sorted(tables.items()):
            results[f"{accounts} accounts · {table}"] = {"rows": count, "rows_per_s": rate}
        print(f"seed {accounts}: {outcome['seconds']}s, {outcome['peak_rss_mb']} MB", file=sys.stderr)
    return results
