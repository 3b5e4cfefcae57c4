"""The customer's people (accounts.md §1.3)."""

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from accounts.engine.usage import in_window

from .accounts import Account
from .base import choice_list

ACTIVE_USER_DAYS = 30  # D-19: seen in PostHog in the last 30 days


class ContactRole(models.TextChoices):
    CHAMPION = "champion", "Champion"
    ECONOMIC_BUYER = "economic_buyer", "Economic decision-maker"
    POWER_USER = "power_user", "Power user"
    ADMIN = "admin", "Admin"
    TECHNICAL_STAKEHOLDER = "technical_stakeholder", "Technical stakeholder"
    END_USER = "end_user", "End user"
    FINANCE_CONTACT = "finance_contact", "Finance contact"
    EXEC_SPONSOR = "exec_sponsor", "Exec sponsor"


class ContactStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CHANGED_ROLE = "changed_role", "Changed role"
    LEFT = "left", "Left"


class PreferredChannel(models.TextChoices):
    SLACK = "slack", "Slack"
    EMAIL = "email", "Email"
    CALLS = "calls", "Calls"
    ASYNC = "async", "Async"
    MS_TEAMS = "ms_teams", "MS Teams"
    IN_APP_SURVEY = "in_app_survey", "In-app survey"
    LINKEDIN = "linkedin", "LinkedIn"


class Contact(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    title = models.CharField("Name & role / title", max_length=200, blank=True)
    department = models.CharField(max_length=120, blank=True)
    org_member = models.BooleanField(
        default=False, help_text="Has a user in the customer's PostHog organization."
    )
    roles = choice_list(ContactRole)
    is_org_owner = models.BooleanField(
        default=False, help_text="Owns the customer's PostHog org; TAM-set until the usage feed says."
    )
    status = models.CharField(
        max_length=12, choices=ContactStatus.choices, default=ContactStatus.ACTIVE
    )
    status_changed_on = models.DateField(null=True, blank=True)
    priorities_goals = models.TextField(blank=True)
    motivations = models.TextField(blank=True)
    communication_style = models.TextField(blank=True)
    attending_events = models.TextField(
        blank=True,
        help_text="Attending any trade shows/events where PostHog might be?",
    )
    preferred_channel = models.CharField(
        max_length=16, choices=PreferredChannel.choices, blank=True
    )
    cadence = models.CharField(max_length=120, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True, help_text="Last seen in PostHog.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "email"],
                condition=~models.Q(email=""),
                name="contact_unique_email_per_account",
                violation_error_message="email: this account already has a contact with it.",
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="contact_account_status")]

    def __str__(self) -> str:
        return f"{self.name} ({self.account})"

    def is_active_user(self, as_of: date) -> bool:
        """Seen in PostHog within the trailing 30 days ending on `as_of` (D-19)."""
        if self.last_seen_at is None:
            return False
        return in_window(self.last_seen_at.date(), as_of, ACTIVE_USER_DAYS)
