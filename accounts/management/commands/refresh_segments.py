from datetime import date

from django.core.management.base import BaseCommand

from accounts.segments import tasks


class Command(BaseCommand):
    help = "Rank the Top 40, then refresh every account's segments (the 01:00/01:15 jobs, by hand)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, dest="as_of")

    def handle(self, *args, as_of: date | None, **options):
        day = as_of.isoformat() if as_of else None
        refreshed = tasks.refresh_segments(as_of=day)
        ranked = tasks.rank_top_40(as_of=day)
        self.stdout.write(f"segments: {refreshed}; top 40: {ranked}")
