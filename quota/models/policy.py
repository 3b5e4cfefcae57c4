"""Quota policy versions, periods, quotas and contract flags (quota.md Entities). All audited."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


def _money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)


def _factor(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=4, decimal_places=2, **kwargs)


def validate_quarter_start(value) -> None:
    """QD-27: a policy takes effect on a quarter's first day."""
    if value is not None and (value.day != 1 or value.month not in (1, 4, 7, 10)):
        raise ValidationError(
            "A policy takes effect on the first day of a quarter.", code="not_quarter_start"
        )


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class QuotaPolicyVersion(models.Model):
    """One version of the quota policy; the published one in force on a quarter's first day
    governs both quarters of that quarter's calculation (QD-27). Published versions are immutable."""

    effective_from = models.DateField(validators=[validate_quarter_start])
    status = models.CharField(max_length=9, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    notes = models.TextField(blank=True)
    # products: contracts.md keys, copied at publish from billing's quota primary set
    primary_products = models.JSONField(default=list)
    # multiplier (Q-2, Q-3, QD-1, QD-2)
    paid_threshold = _money(default=200)
    multiplier_base = _factor(default=Decimal("0.70"))
    multiplier_step = _factor(default=Decimal("0.20"))
    multiplier_zero_paid = _factor(default=Decimal("0.70"))
    multiplier_cap = _factor(null=True, blank=True)
    # eligibility (Q-8, C-4, C-5)
    grace_months = models.PositiveSmallIntegerField(default=3)
    cutoff_day = models.PositiveSmallIntegerField(default=14)
    min_lifetime_paid_invoices = models.PositiveSmallIntegerField(default=2)
    # book (B-2, B-3, B-5, QD-22)
    am_managed_soft_cap = models.PositiveSmallIntegerField(default=15)
    book_hard_cap = models.PositiveSmallIntegerField(default=25)
    focus_target = models.PositiveSmallIntegerField(default=10)
    nominal_book_arr = _money(default=1_500_000)
    book_floor_arr = _money(default=20_000)
    lead_pause_accounts = models.PositiveSmallIntegerField(default=15)
    lead_pause_arr = _money(default=1_500_000)
    # ramp and splits (C-1, C-10, T-1, T-2); splits are the variable percentage
    ramping_team_factor = _factor(default=Decimal("0.50"))
    ramp_day = models.PositiveSmallIntegerField(default=15)
    ramp_months = models.PositiveSmallIntegerField(default=3)
    default_variable_pct = models.DecimalField(max_digits=7, decimal_places=2, default=50)
    team_lead_variable_pct = models.DecimalField(max_digits=7, decimal_places=2, default=40)
    # payout (C-2, QD-16)
    payout_floor = _money(default=0)
    payout_cap = _money(null=True, blank=True)

    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=Q(status="published"),
                name="quota_policy_one_published_per_quarter",
                violation_error_message="A published policy already takes effect on this day.",
            ),
            models.CheckConstraint(
                condition=Q(paid_threshold__gte=0, multiplier_base__gte=0, multiplier_step__gte=0),
                name="quota_policy_non_negative_multiplier",
                violation_error_message="Thresholds and multiplier parameters are not negative.",
            ),
            models.CheckConstraint(
                condition=Q(cutoff_day__gte=1, cutoff_day__lte=28, ramp_day__gte=1, ramp_day__lte=31),
                name="quota_policy_days_in_month",
                violation_error_message="The cutoff day is 1…28 and the ramp day 1…31.",
            ),
        ]

    def __str__(self) -> str:
        return f"Quota policy from {self.effective_from} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        # Published versions are immutable: a change is a new version (quota.md Entities).
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == PolicyStatus.PUBLISHED:
                raise ValidationError("A published quota policy cannot be changed; publish a new version.")
        super().save(*args, **kwargs)


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"


class QuotaPeriod(models.Model):
    """A calendar quarter of quota: its cutoff (C-4, QD-14) and payout date (C-3)."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    start = models.DateField()
    end = models.DateField()
    cutoff_date = models.DateField()
    payout_date = models.DateField()
    status = models.CharField(max_length=7, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    policy_version = models.ForeignKey(QuotaPolicyVersion, on_delete=models.PROTECT, related_name="periods")
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="quota_period_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="quota_period_quarter_1_to_4",
                violation_error_message="A quarter is numbered 1 to 4.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start"), cutoff_date__gt=F("end")),
                name="quota_period_dates_in_order",
                violation_error_message="A period ends after it starts and its cutoff follows its end.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"


class Quota(models.Model):
    """A TAM's quota for a period (Q-14), set by a sales manager; `prorated_amount` follows C-10."""

    rep = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quotas")
    period = models.ForeignKey(QuotaPeriod, on_delete=models.PROTECT, related_name="quotas")
    amount = _money()
    prorated_amount = _money(null=True, blank=True, help_text="C-10: amount x quota'd months / 3.")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Q-14: why it was set or amended.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "rep"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "period"], name="quota_one_per_rep_period"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="quota_amount_non_negative",
                violation_error_message="A quota cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rep} {self.period}: {self.amount}"


class ContractQuotaFlag(models.Model):
    """Q-10: a sales contract converted under the legacy (non-usage) plan. Absent = false."""

    credit_purchase = models.OneToOneField(
        "billing.CreditPurchase", on_delete=models.CASCADE, related_name="quota_flag"
    )
    converted_under_legacy_plan = models.BooleanField(default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.credit_purchase}: legacy={self.converted_under_legacy_plan}"
