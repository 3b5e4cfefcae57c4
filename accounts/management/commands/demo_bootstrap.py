from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, SHOWN_LOGINS
from accounts.models import Account, User


class Command(BaseCommand):
    help = "`make demo`: seed the demo book when the database is empty; always print the logins."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, accounts: int, seed: int, **options):
        if not Account.objects.exists() and not User.objects.exists():
            self.stdout.write(f"Empty database: seeding {accounts} demo accounts…")
            call_command("seed_demo", accounts=accounts, seed=seed, as_of=timezone.localdate(),
                         quiet_census=True, stdout=self.stdout)
        self.stdout.write(f"\nDemo logins (password for each: {DEMO_PASSWORD}):")
        users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").order_by("role", "email")
        for user in users:
            if user.email.split("@")[0] in SHOWN_LOGINS:
                lead = " · team lead" if user.is_team_lead else ""
                self.stdout.write(f"  {user.email:<32} {user.get_role_display()}{lead}")
        others = users.count() - sum(1 for u in users if u.email.split("@")[0] in SHOWN_LOGINS)
        if others > 0:
            self.stdout.write(f"  … and {others} more @{DEMO_DOMAIN} users (same password); see the admin")
