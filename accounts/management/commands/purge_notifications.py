from django.core.management.base import BaseCommand

from accounts.tasks import notifications_purge_read


class Command(BaseCommand):
    help = "Drop read notifications older than --days (the nightly beat job, by hand)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days: int, **options):
        deleted = notifications_purge_read(older_than_days=days)
        self.stdout.write(f"purged {deleted or 0} read notification(s)")
