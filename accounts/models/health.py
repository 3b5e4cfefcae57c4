"""Health inputs besides usage (health.md §1.1): tickets, incidents, advice, seasonality."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .accounts import Account
from .base import not_before, unique_when_set, user_fk, validate_product_keys


class TicketPriority(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    NORMAL = "normal", "Normal"
    LOW = "low", "Low"


class TicketStatus(models.TextChoices):
    OPEN = "open", "Open"
    PENDING = "pending", "Pending"
    SOLVED = "solved", "Solved"
    CLOSED = "closed", "Closed"


class IncidentSeverity(models.TextChoices):
    SEV_0 = "SEV 0", "SEV 0"
    SEV_1 = "SEV 1", "SEV 1"
    SEV_2 = "SEV 2", "SEV 2"
    SEV_3 = "SEV 3", "SEV 3"
    SEV_4 = "SEV 4", "SEV 4"


class IncidentRegion(models.TextChoices):
    US = "US", "US"
    EU = "EU", "EU"
    BOTH = "both", "Both"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Actioned"
    DISMISSED = "dismissed", "Dismissed"


UNRESOLVED_TICKET_STATUSES = (TicketStatus.OPEN, TicketStatus.PENDING)


class SupportTicket(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="support_tickets")
    external_id = models.CharField(max_length=64, unique=True)
    opened_at = models.DateTimeField()
    priority = models.CharField(
        max_length=8, choices=TicketPriority.choices, default=TicketPriority.NORMAL
    )
    tags = models.JSONField(default=list, blank=True, help_text="The ticket system's tags.")
    status = models.CharField(max_length=8, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    solved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(external_id=""),
                name="support_ticket_external_id_required",
                violation_error_message="external_id: required.",
            ),
            not_before("support_ticket", "solved_at", "opened_at"),
        ]
        indexes = [
            models.Index(fields=["account", "opened_at"], name="support_ticket_account"),
            models.Index(fields=["status", "priority"], name="support_ticket_open"),
        ]

    def __str__(self) -> str:
        return f"Ticket {self.external_id} ({self.account})"


class Incident(models.Model):
    """Minimal incident record, entered by the CMOC or imported (then keyed by external_id)."""

    external_id = models.CharField(max_length=64, blank=True)
    severity = models.CharField(max_length=5, choices=IncidentSeverity.choices)
    title = models.CharField(max_length=200)
    affected_product_keys = models.JSONField(default=list, blank=True)
    cloud_region = models.CharField(max_length=4, choices=IncidentRegion.choices)
    started_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    affected_accounts = models.ManyToManyField(Account, blank=True, related_name="incidents")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            unique_when_set("incident", "external_id"),
            not_before("incident", "resolved_at", "started_at"),
        ]
        indexes = [models.Index(fields=["resolved_at", "started_at"], name="incident_open")]

    def __str__(self) -> str:
        return f"{self.severity} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.affected_product_keys, list):
            raise ValidationError({"affected_product_keys": "must be a list of product keys."})
        validate_product_keys("affected_product_keys", self.affected_product_keys)


class CustomerRecommendation(models.Model):
    """Advice given to the customer (not crosssell's Recommendation card)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="customer_recommendations"
    )
    given_at = models.DateTimeField(default=timezone.now)
    given_by = user_fk("customer_recommendations_given")
    product_key = models.CharField(max_length=40, blank=True)
    description = models.TextField()
    status = models.CharField(
        max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    actioned_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            not_before("customer_recommendation", "actioned_at", "given_at"),
            models.CheckConstraint(
                condition=~models.Q(status=RecommendationStatus.ACTIONED)
                | models.Q(actioned_at__isnull=False),
                name="customer_recommendation_actioned_has_date",
                violation_error_message="actioned_at: required when the recommendation is actioned.",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status", "given_at"], name="customer_rec_account"),
        ]

    def __str__(self) -> str:
        return f"Recommendation for {self.account}: {self.description[:40]}"

    def clean(self) -> None:
        super().clean()
        if self.product_key:
            validate_product_keys("product_key", [self.product_key])


class SeasonalExplanation(models.Model):
    """An owner-recorded reason why usage dips for a while (D-6)."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="seasonal_explanations"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.TextField()
    created_by = user_fk("seasonal_explanations")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "-starts_on"]
        constraints = [not_before("seasonal_explanation", "ends_on", "starts_on")]
        indexes = [
            models.Index(fields=["account", "starts_on", "ends_on"], name="seasonal_account_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.starts_on} - {self.ends_on}"

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on
