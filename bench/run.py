"""Run tambook's benchmarks: `make bench`, or `make bench ARGS="pages -n 1000"`.

Every `bench/bench_<name>.py` exposes `run(args) -> dict` returning `{case: {metric: value}}`
and may expose `add_arguments(parser)` for options of its own. The runner sets Django up once
against a throwaway database (a temporary SQLite file, or a scratch database on the server
that DATABASE_URL names), migrates it in-process, runs the selected benchmarks, prints one
table and writes the results as JSON under bench/results/ (git-ignored).
"""

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
PREFIX = "bench_"


def discover() -> dict[str, ModuleType]:
    sys.path[:0] = [str(ROOT), str(BENCH_DIR)]
    return {
        path.stem.removeprefix(PREFIX): importlib.import_module(path.stem)
        for path in sorted(BENCH_DIR.glob(f"{PREFIX}*.py"))
    }


def parse_args(benches: dict[str, ModuleType], argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"benchmarks to run (default all: {', '.join(benches)})",
    )
    parser.add_argument("-n", "--iterations", type=int, default=200, help="requests per case")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per case first")
    parser.add_argument("--no-json", action="store_true", help="print only, write no results file")
    parser.add_argument("--scale", default="10000,50000",
                        help="account counts the domain benchmarks seed and measure, comma-separated")
    for module in benches.values():
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(benches))
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; have {', '.join(benches)}")
    if args.iterations < 1:
        parser.error("--iterations must be at least 1")
    return args


def throwaway_database(scratch: Path) -> Callable[[], None]:
    """Point Django at a database nobody else uses, migrate it, return its teardown."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The benchmarks measure the views, not DRF's anonymous throttle.
    os.environ.setdefault("API_THROTTLE_ANON", "1000000/min")
    os.environ.setdefault("API_THROTTLE_USER", "1000000/min")
    import django

    django.setup()
    from django.db import connection

    # Never the suite's `test_tambook`: autoclobber would drop a test run's database.
    if connection.vendor == "sqlite":
        name = str(scratch / "bench.sqlite3")
    else:
        name = f"bench_{connection.settings_dict['NAME']}_{os.getpid()}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def render_table(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]

    def cell(value) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}"
        return str(value)

    cells = [[cell(row.get(column, "")) for column in columns] for row in rows]
    widths = [max(len(column), *(len(r[i]) for r in cells)) for i, column in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(
            value.ljust(width) if i < 2 else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        )

    return "\n".join(
        [line(columns), line(["-" * width for width in widths]), *(line(r) for r in cells)]
    )


def main(argv: list[str]) -> int:
    benches = discover()
    args = parse_args(benches, argv)
    selected = {name: benches[name] for name in (args.names or benches)}

    with tempfile.TemporaryDirectory(prefix="tambook-bench-") as scratch:
        teardown = throwaway_database(Path(scratch))
        from django.conf import settings
        from django.db import connection

        started = datetime.now(UTC)
        results: dict[str, dict] = {}
        try:
            for name, module in selected.items():
                t0 = time.perf_counter()
                results[name] = module.run(args)
                print(f"{name}: done in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        finally:
            teardown()

    report = {
        "started_at": started.isoformat(timespec="seconds"),
        "runtime_mode": settings.RUNTIME_MODE,
        "database": connection.vendor,
        "debug": settings.DEBUG,
        "python": platform.python_version(),
        "iterations": args.iterations,
        "results": results,
    }
    rows = [
        {"bench": name, "case": case, **metrics}
        for name, cases in results.items()
        for case, metrics in cases.items()
    ]
    print(
        f"\ntambook bench · {report['runtime_mode']} · {connection.vendor} · DEBUG={settings.DEBUG}"
    )
    print(render_table(rows))
    if not args.no_json:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{started:%Y%m%d-%H%M%S}.json"
        text = json.dumps(report, indent=2, default=str)
        path.write_text(text + "\n")
        (RESULTS_DIR / "latest.json").write_text(text + "\n")
        print(f"\nwrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
