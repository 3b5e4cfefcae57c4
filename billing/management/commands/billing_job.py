"""`manage.py billing_job <name> [--as-of YYYY-MM-DD] [--backfill] [--chunk N]` (billing.md §5):
the periodic billing jobs for embedded mode, which has no beat."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing import jobs
from config.locks import JobAlreadyRunning, job_lock


class Command(BaseCommand):
    help = "Run one billing job now: " + ", ".join(jobs.JOBS)

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(jobs.JOBS))
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, dest="as_of")
        parser.add_argument("--backfill", action="store_true", help="compute_monthly_revenue: every month")
        parser.add_argument("--chunk", type=int, default=None)

    def handle(self, *args, name, as_of, backfill, chunk, **opts):
        as_of = as_of or timezone.now().date()
        kwargs: dict = {"as_of": as_of}
        if name == "compute_monthly_revenue":
            kwargs.update(backfill=backfill, chunk=chunk)
        elif name in ("creditbot", "detect_late_payments", "dunning_scheduler"):
            kwargs.update(chunk=chunk)
        try:
            with job_lock(f"billing.{name}"):
                result = jobs.JOBS[name](**kwargs)
        except JobAlreadyRunning as exc:
            raise CommandError(f"billing.{name} is already running") from exc
        self.stdout.write(f"billing.{name} as of {as_of}: {json.dumps(result)}")
