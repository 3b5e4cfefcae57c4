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


# --- the health pipeline's own tables (health.md §1.2, §1.3, D-29, D-31) ----------------------


class SignalKind(models.TextChoices):
    REC_NOT_ACTIONED = "rec_not_actioned", "Recommendation not actioned for 2+ weeks"
    VOLUME_DOWNTREND = "volume_downtrend", "Down-trending event volume (no seasonality)"
    FEW_ACTIVE_USERS = "few_active_users", "Only 1-2 active users"
    NO_ACTIVE_USERS = "no_active_users", "No active users"
    SLACK_SILENT = "slack_silent", "No Slack activity for 14+ days"
    BILLING_PAGE_VISITS = "billing_page_visits", "Billing page visits without context"
    CHAMPION_CHANGED = "champion_changed", "Champion changed roles or left"
    SUPPORT_TICKET_SPIKE = "support_ticket_spike", "Support tickets spiking"
    SINGLE_PRODUCT = "single_product", "Single product usage"
    WAREHOUSE_ONLY_EXPORT = "warehouse_only_export", "Data exported to external warehouse only"
    PAYMENT_LATE = "payment_late", "Payment late"
    PAYG_PAYMENT_FAILED = "payg_payment_failed", "Pay-as-you-go payment failed"
    ACCESS_SUSPENDED = "access_suspended", "Access suspended"
    SUBSCRIPTION_CANCELLED_NONPAYMENT = (
        "subscription_cancelled_nonpayment", "Subscription cancelled for non-payment"
    )
    REPEATED_MISSED_PERIODS = "repeated_missed_periods", "Repeated missed payment periods"
    CREDIT_EXPIRING = "credit_expiring", "Credit expiring"
    TRIAL_LOW_ENGAGEMENT = "trial_low_engagement", "Trial low engagement"


class SignalSource(models.TextChoices):
    SYSTEM = "system", "System"
    MANUAL = "manual", "Manual"


class HealthBand(models.TextChoices):
    GOOD = "Good", "Good"
    FAIR = "Fair", "Fair"
    POOR = "Poor", "Poor"
    NO_DATA = "No data", "No data"


class HealthModel(models.Model):
    """One version of the score model and the thresholds (D-29): never edited, superseded.

    `components` = points, tiers and bands per component; `thresholds` = rule id → number
    (accounts.health.engine.config). Keys left out keep health.md's defaults. With no row at
    all the engine runs version 1, the defaults.
    """

    version = models.PositiveIntegerField(unique=True)
    components = models.JSONField(default=dict, blank=True)
    thresholds = models.JSONField(default=dict, blank=True)
    active_from = models.DateTimeField(default=timezone.now)
    created_by = user_fk("health_models")
    note = models.TextField(blank=True, help_text="Why this version.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Health model v{self.version}"


class Signal(models.Model):
    """An early-warning or payment signal, one row per episode; open while closed_at is empty."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_signals")
    kind = models.CharField(max_length=36, choices=SignalKind.choices)
    rule_id = models.CharField(max_length=8, blank=True, help_text="The health.md rule that opened it.")
    opened_on = models.DateField(help_text="The as-of date of the run that opened it.")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True, help_text="The values that met the rule.")
    close_evidence = models.JSONField(default=dict, blank=True, help_text="The values when it cleared.")
    source = models.CharField(max_length=6, choices=SignalSource.choices, default=SignalSource.SYSTEM)
    opened_by = user_fk("health_signals_opened")

    class Meta:
        ordering = ["-opened_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="health_signal_one_open_per_kind",
                violation_error_message="kind: this account already has this signal open.",
            ),
            not_before("health_signal", "closed_on", "opened_on"),
        ]
        indexes = [
            models.Index(fields=["account", "closed_at"], name="health_signal_account_open"),
            models.Index(fields=["kind", "closed_at"], name="health_signal_kind_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.account} since {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class HealthScore(models.Model):
    """One account's score for one ISO week (health.md §1.3, D-3).

    The current week's row is provisional and recomputed daily; the previous week's is
    recomputed as of its Sunday and marked final, after which it is never written again.
    `components` is the list of {key, label, max, points, inputs, rule, explanation} in table
    order; `churn_reasons` the CR-2 reasons that held, with their evidence.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_scores")
    week_start = models.DateField(help_text="Monday of the ISO week.")
    as_of = models.DateField(help_text="The date the inputs were read as of.")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=7, choices=HealthBand.choices)
    components = models.JSONField(default=list)
    top_losses = models.JSONField(default=list, blank=True)
    signals = models.JSONField(default=list, blank=True, help_text="Open signal kinds the score saw.")
    churn_reasons = models.JSONField(default=list, blank=True)
    model_version = models.PositiveIntegerField()
    final = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["account", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "week_start"],
                name="health_score_one_per_week",
                violation_error_message="week_start: this account already has a score for that week.",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="health_score_at_most_100",
                violation_error_message="score: between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True, band=HealthBand.NO_DATA)
                | (models.Q(score__isnull=False) & ~models.Q(band=HealthBand.NO_DATA)),
                name="health_score_null_iff_no_data",
                violation_error_message="score: empty exactly when the band is No data.",
            ),
        ]
        indexes = [models.Index(fields=["week_start", "band"], name="health_score_week_band")]

    def __str__(self) -> str:
        return f"{self.account} · {self.week_start}: {self.score} {self.band}"


class HealthBandAlert(models.Model):
    """D-31: a final-week band drop, alerted once per (account, week)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="health_band_alerts")
    week_start = models.DateField()
    from_band = models.CharField(max_length=7, choices=HealthBand.choices)
    to_band = models.CharField(max_length=7, choices=HealthBand.choices)
    recipient = user_fk("health_band_alerts")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "week_start"],
                name="health_band_alert_once_per_week",
                violation_error_message="week_start: this week's band change was already alerted.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.week_start}: {self.from_band} → {self.to_band}"
