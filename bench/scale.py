"""The demo data set at scale, shared by the domain benchmarks.

`seeded(accounts)` makes the runner's scratch database hold exactly the demo generator's
`accounts`-account data set (`seed_demo --flush --no-recompute`, in a child process), and
does nothing when it already does, so `make bench ARGS="quota health"` seeds each size once
for both. `sizes(args)` reads the shared `--scale` option (default 10000,50000).
Peak RSS of the current process: `peak_rss_mb()`.
"""

import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-30"
_seeded: dict[str, int] = {}


def sizes(args) -> list[int]:
    return [int(size) for size in str(getattr(args, "scale", "10000,50000")).split(",") if size.strip()]


def child_environment() -> dict[str, str]:
    """The environment that points a `manage.py` child at the runner's scratch database."""
    from django.db import connection

    env = dict(os.environ)
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SQLITE_PATH"] = settings["NAME"]
        env.pop("DATABASE_URL", None)
    else:
        user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
        host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or "5432"
        env["DATABASE_URL"] = f"postgres://{auth}{host}:{port}/{settings['NAME']}"
    return env


def manage(*arguments: str, timeout: int = 3600) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", *arguments]
    done = subprocess.run(command, cwd=ROOT, env=child_environment(), capture_output=True, text=True,
                          check=False, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    return done


def seeded(accounts: int, *, as_of: str = AS_OF) -> None:
    from accounts.models import Account

    key = f"{accounts}@{as_of}"
    if _seeded.get("current") == hash(key) and Account.objects.count() == accounts:
        return
    manage("seed_demo", "--accounts", str(accounts), "--seed", "1", "--as-of", as_of, "--flush",
           "--no-recompute", "--quiet-census")
    _seeded["current"] = hash(key)


def mark_reseeded() -> None:
    """A benchmark that re-seeds on its own (bench_seed) invalidates the memo."""
    _seeded.clear()


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
