"""`manage.py recompute_crosssell [--as-of YYYY-MM-DD] [--account ID …] [--chunk N]` (J-1, J-2)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from crosssell.pipeline import run_nightly


class Command(BaseCommand):
    help = "Run the cross-sell chain (J-1) for every account, or for the given ones (J-2)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, dest="as_of")
        parser.add_argument("--account", type=int, action="append", dest="accounts")
        parser.add_argument("--chunk", type=int, default=250)

    def handle(self, *args, **opts):
        if opts["chunk"] < 1:
            raise CommandError("--chunk: at least 1")
        run = run_nightly(as_of=opts["as_of"], account_ids=opts["accounts"], chunk_size=opts["chunk"])
        self.stdout.write(
            f"Cross-sell run {run.pk} for {run.as_of}: {run.accounts} accounts in {run.duration_seconds}s, "
            f"{len(run.errors)} errors, queries per chunk {run.chunk_queries[:5]}"
            f"{'…' if len(run.chunk_queries) > 5 else ''}"
        )
        for key, value in sorted(run.counts.items()):
            self.stdout.write(f"  {key:<32} {value:>8}")
        for error in run.errors[:20]:
            self.stdout.write(self.style.WARNING(f"  account {error['account_id']}: {error['error']}"))
