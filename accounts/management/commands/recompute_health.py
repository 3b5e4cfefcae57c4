"""`manage.py recompute_health [--as-of YYYY-MM-DD] [--account ID …] [--weeks N]`: the nightly
health jobs without beat (health.md §4 `health.recompute`): signals, scores, band alerts.

`--weeks N` first finalises the N weeks before as-of's week, oldest first, each as of its Sunday
(what each Monday run would have done), so a fresh database gets its history. Idempotent: a
rerun changes no row.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.health import services


class Command(BaseCommand):
    help = "Recompute health signals, weekly scores and band alerts (same code as the Celery jobs)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, dest="as_of")
        parser.add_argument("--account", type=int, action="append", dest="accounts", default=None)
        parser.add_argument("--weeks", type=int, default=0, help="final weeks to backfill first")

    def handle(self, *args, as_of=None, accounts=None, weeks=0, **options):
        if weeks < 0 or weeks > 260:
            raise CommandError("--weeks: between 0 and 260")
        day = as_of or timezone.now().date()
        monday = day - timedelta(days=day.weekday())
        for back in range(weeks, 0, -1):
            services.run_finalise(sunday=monday - timedelta(days=7 * (back - 1) + 1), account_ids=accounts)
        outcome = services.recompute(as_of=day, account_ids=accounts)
        signals, scores, alerts = outcome["signals"], outcome["scores"], outcome["band_alerts"]
        bands = ", ".join(f"{band} {count}" for band, count in sorted(scores.bands.items())) or "none"
        self.stdout.write(
            f"Health as of {day}: {signals.accounts} accounts; signals opened {signals.opened}, "
            f"closed {signals.closed}; scores written {scores.written}, finalised {scores.finalised}; "
            f"bands: {bands}; band alerts {alerts.alerts}; stale-input alerts {scores.stale_alerts}."
        )
