"""People, teams and role assignments (accounts.md §1.1)."""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    TAE = "tae", "Technical Account Executive"
    TAM = "tam", "Technical Account Manager"
    CSM = "csm", "Customer Success Manager"
    CSE = "cse", "CSE"
    ONBOARDING = "onboarding", "Onboarding Specialist"
    BDR = "bdr", "Business Development Rep"
    SALES_MANAGER = "sales_manager", "Sales manager"
    REVOPS_ADMIN = "revops_admin", "RevOps admin"


class Region(models.TextChoices):
    US = "US", "US"
    EU = "EU", "EU"


class TeamKind(models.TextChoices):
    NEW_BUSINESS_SALES = "new_business_sales", "New business sales"
    PRODUCT_LED_SALES = "product_led_sales", "Product-led sales"
    CUSTOMER_SUCCESS = "customer_success", "Customer success"
    ONBOARDING = "onboarding", "Onboarding"


class RoleAssignmentKey(models.TextChoices):
    ALLOCATION_LEAD = "allocation_lead", "Allocation lead"
    ALLOCATION_ADVISOR = "allocation_advisor", "Allocation advisor"
    CS_LEAD = "cs_lead", "CS lead"
    REVOPS_LEAD = "revops_lead", "RevOps lead"
    YC_OWNER = "yc_owner", "YC role on the CS team"
    CMOC_EU = "cmoc_eu", "CMOC (EU)"
    CMOC_US = "cmoc_us", "CMOC (US)"


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=32, choices=TeamKind.choices)
    region = models.CharField(max_length=2, choices=Region.choices)
    lead = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="teams_led"
    )
    slack_channel = models.CharField(max_length=80, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.region})"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("email: an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> "User":
        # People type their email in any case; addresses are stored lower-cased.
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A tambook user: logs in with email. No role = read-only (spec README)."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email", unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    is_team_lead = models.BooleanField(default=False)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    region = models.CharField(max_length=2, choices=Region.choices, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]
    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]


class RoleAssignment(models.Model):
    """A handbook-named responsibility ("Simon" = allocation_lead …) held by one or more users."""

    key = models.CharField(max_length=32, choices=RoleAssignmentKey.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    assigned_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["key", "user"], name="role_assignment_unique_key_user")
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.user}"
