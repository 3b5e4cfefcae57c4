"""`manage.py recompute_quota [--quarter 2026-Q4] [--today YYYY-MM-DD] [--chunk N]`.

Without --quarter it runs what the nightly job runs (embedded mode has no beat).
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from quota.engine import InvalidQuarter, Quarter
from quota.models import RunTrigger
from quota.services import quarters_to_recompute, quota_recompute


class Command(BaseCommand):
    help = "Recompute the stored quota figures (MonthQuota, AttainmentLine, TeamQuota) for a quarter."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", help='"YYYY-Qn"; default: the open quarters')
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="run as of this day")
        parser.add_argument("--chunk", type=int, default=None, help="accounts per chunk")

    def handle(self, *args, quarter=None, today=None, chunk=None, **options):
        today = today or timezone.localdate()
        if chunk is not None and chunk < 1:
            raise CommandError("--chunk: at least 1")
        try:
            quarters = [Quarter.parse(quarter)] if quarter else quarters_to_recompute(today)
        except InvalidQuarter as error:
            raise CommandError(f"--quarter: {error}") from None
        for q in quarters:
            run = quota_recompute(quarter=q, today=today, trigger=RunTrigger.COMMAND, chunk_size=chunk)
            self.stdout.write(
                f"{q}: {run.account_count} accounts in {run.chunk_count} chunk(s), "
                f"rows written {run.rows_written}"
            )
