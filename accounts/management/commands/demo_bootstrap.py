from django.core.management.base import BaseCommand

from accounts.models import Role, User

DEMO_PASSWORD = "tambook-demo"
DEMO_ADMIN_EMAIL = "revops@tambook.demo"


class Command(BaseCommand):
    help = "On an empty database, create the demo logins; always print them."

    def handle(self, *args, **options):
        if not User.objects.exists():
            User.objects.create_user(
                DEMO_ADMIN_EMAIL, DEMO_PASSWORD, name="RevOps Admin", role=Role.REVOPS_ADMIN
            )
            self.stdout.write("Created the demo RevOps admin.")
        self.stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
        for user in User.objects.filter(email__endswith="@tambook.demo").order_by("role", "email"):
            self.stdout.write(f"  {user.email:<40} {user.get_role_display() or 'read-only'}")
