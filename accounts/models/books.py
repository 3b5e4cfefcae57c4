"""The Leads half of a TAM's book (accounts.md §1.5). AM Managed is quota.BookMembership."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.engine.calendar import add_months

from .accounts import Account
from .base import not_before

LEAD_WINDOW_MONTHS = 3  # SG-2: "up to 3 months to figure out whether a new lead belongs"


class LeadOutcome(models.TextChoices):
    ADDED_TO_BOOK = "added_to_book", "Added to book"
    DISQUALIFIED = "disqualified", "Disqualified"
    NURTURING = "nurturing", "Nurturing"
    EXPIRED = "expired", "Expired"


class LeadMembership(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="lead_memberships")
    tam = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lead_memberships"
    )
    added_on = models.DateField()
    deadline = models.DateField(blank=True, help_text="added_on + 3 months (D-27); filled when empty.")
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=LeadOutcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_on", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "tam"],
                condition=models.Q(closed_on__isnull=True),
                name="lead_membership_one_open_per_account_tam",
                violation_error_message="account: this TAM already has it open as a lead.",
            ),
            not_before("lead_membership", "closed_on", "added_on"),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("added_on")),
                name="lead_membership_deadline_after_added_on",
                violation_error_message="deadline: must be after added_on.",
            ),
            models.CheckConstraint(
                condition=(models.Q(closed_on__isnull=True) & models.Q(outcome=""))
                | (models.Q(closed_on__isnull=False) & ~models.Q(outcome="")),
                name="lead_membership_outcome_iff_closed",
                violation_error_message="outcome: required exactly when the lead is closed.",
            ),
        ]
        indexes = [
            models.Index(fields=["tam", "closed_on"], name="lead_membership_tam_open"),
            models.Index(fields=["account", "closed_on"], name="lead_membership_account_open"),
        ]

    def __str__(self) -> str:
        return f"Lead {self.account} → {self.tam} ({self.added_on})"

    def save(self, *args, **kwargs) -> None:
        self._fill_deadline()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        self._fill_deadline()
        super().clean_fields(exclude=exclude)

    def _fill_deadline(self) -> None:
        if self.deadline is None and self.added_on is not None:
            self.deadline = add_months(self.added_on, LEAD_WINDOW_MONTHS)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
