"""Generate a believable book of business: `seed_demo --accounts N --seed S --as-of YYYY-MM-DD`.

Each app's `<app>.demo` module may define `seed_static(ctx)` (once), `seed_chunk(ctx, stories)`
(per chunk of account stories), `census(ctx, stories)` (rule id → count), `recompute(ctx)`
(its registered recompute, skipped with --no-recompute) and `recompute_last(ctx)` (a recompute
that reads other areas' results, run after every `recompute`). Rows stream out in chunks, so memory
stays flat however many accounts are asked for.
"""

import importlib
import resource
import time
from collections import Counter
from datetime import UTC, date, datetime
from datetime import time as clock_time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo.context import DEMO_APPS, DemoContext
from accounts.demo.story import build_story
from accounts.models import Account
from config.bulk import BulkWriter


def demo_modules() -> list:
    modules = []
    for app in DEMO_APPS:
        try:
            modules.append(importlib.import_module(f"{app}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.demo":
                raise
    return modules


# Seeded by migrations, not by the generator: --flush keeps them.
KEPT_ON_FLUSH = frozenset({
    "billing.Product", "billing.ProductKeyAlias",
    # issue 18: cross-sell reference data and settings, seeded by crosssell 0002
    "crosssell.UseCase", "crosssell.RoleFamilyRule", "crosssell.DiscoveryQuestion",
    "crosssell.CrossSellSettings",
})


def flush_domain_tables() -> None:
    """Empty every table of the domain apps (people included) but the migration-seeded ones."""
    tables = [
        m._meta.db_table
        for app in DEMO_APPS
        for m in apps.get_app_config(app).get_models(include_auto_created=True)
        if m._meta.label not in KEPT_ON_FLUSH and not m._meta.proxy
    ]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
        return
    with connection.constraint_checks_disabled(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608  (names from model metadata)


class Command(BaseCommand):
    help = "Seed deterministic demo data (same seed and as-of → identical rows on any database)."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, dest="as_of")
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--chunk", type=int, default=1000, help="accounts per write batch")
        parser.add_argument("--flush", action="store_true", help="delete all data first")
        parser.add_argument("--no-recompute", action="store_true", dest="no_recompute")
        parser.add_argument("--quiet-census", action="store_true", dest="quiet_census")

    def handle(self, *args, **opts):
        if opts["accounts"] < 1:
            raise CommandError("--accounts: must be at least 1")
        if not 3 <= opts["months"] <= 60:
            raise CommandError("--months: between 3 and 60")
        as_of = opts["as_of"] or timezone.localdate()
        if opts["flush"]:
            self.stdout.write("Deleting the existing demo data…")
            flush_domain_tables()
        elif Account.objects.exists():
            raise CommandError("accounts already exist: pass --flush to replace them")

        started = time.monotonic()
        # "Now", for every generated timestamp: the as-of morning, never the wall clock.
        writer = BulkWriter(now=datetime.combine(as_of, clock_time(6), tzinfo=UTC))
        ctx = DemoContext(
            seed=opts["seed"], as_of=as_of, months=opts["months"], accounts=opts["accounts"], writer=writer
        )
        modules = demo_modules()
        census: Counter[str] = Counter()
        domain_models = [m for app in DEMO_APPS for m in apps.get_app_config(app).get_models()]
        with transaction.atomic(), writer.loading(domain_models):
            for module in modules:
                if hasattr(module, "seed_static"):
                    module.seed_static(ctx)
            for start in range(0, opts["accounts"], opts["chunk"]):
                stop = min(opts["accounts"], start + opts["chunk"])
                stories = [
                    build_story(seed=ctx.seed, index=i, as_of=as_of, months=ctx.months)
                    for i in range(start, stop)
                ]
                for module in modules:
                    if hasattr(module, "seed_chunk"):
                        module.seed_chunk(ctx, stories)
                    if hasattr(module, "census"):
                        census.update(module.census(ctx, stories))
                ctx.memo.clear()  # memos are per chunk: memory stays flat at any size
                self.stdout.write(f"  {stop:>7}/{opts['accounts']} accounts written")
            writer.reset_sequences()
        generated = time.monotonic() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        if not opts["no_recompute"]:
            for module in modules:
                if hasattr(module, "recompute"):
                    module.recompute(ctx)
            # Readers of every other area's results (health reads billing's dunning cases) last.
            for module in modules:
                if hasattr(module, "recompute_last"):
                    module.recompute_last(ctx)
        total = time.monotonic() - started
        self._report(writer, generated, total, census, quiet=opts["quiet_census"])

    def _report(self, writer, generated, total, census, *, quiet):
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"Generated in {generated:.1f}s (with recomputes {total:.1f}s), peak RSS {peak_mb:.0f} MB"
        )
        for table, count in sorted(writer.counts.items()):
            self.stdout.write(f"  {table:<40} {count:>10} rows  {count / max(generated, 1e-9):>10.0f} rows/s")
        if not quiet:
            self.stdout.write("Census: accounts exercising each targeted rule")
            for rule, count in sorted(census.items()):
                self.stdout.write(f"  {rule:<40} {count:>7}")
