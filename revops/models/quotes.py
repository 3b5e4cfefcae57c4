"""Quotes and their options (revops.md Quote, QuoteOption; RD-31).

An option stores its request (the preview's fields), the engine's answer with its notes, and the
policy version that priced it: publishing a new version never changes a saved option (V-3).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

MAX_OPTIONS = 5


class ProjectionMethod(models.TextChoices):
    GROWTH_RATE = "growth_rate", "Growth rate"
    LATEST_MONTH = "latest_month", "Latest month"
    AVERAGE = "average", "Average"
    MAXIMUM = "maximum", "Maximum"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SAVED = "saved", "Saved"
    SHARED = "shared", "Shared"


def new_share_token() -> str:
    return secrets.token_urlsafe(24)


class Quote(models.Model):
    title = models.CharField(max_length=200, blank=True)
    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    opportunity = models.ForeignKey(
        "revops.Opportunity", null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    usage_history = models.JSONField(
        default=list, blank=True, help_text="Six monthly amounts, oldest first (decimal strings)."
    )
    projection_method = models.CharField(
        max_length=16, choices=ProjectionMethod.choices, default=ProjectionMethod.LATEST_MONTH
    )
    monthly_volume = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=8, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    share_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=QuoteStatus.SHARED) | Q(share_token__isnull=False),
                name="quote_shared_has_token",
                violation_error_message="A shared quote has a share token.",
            ),
            models.CheckConstraint(
                condition=Q(monthly_volume__isnull=True) | Q(monthly_volume__gte=0),
                name="quote_monthly_volume_non_negative",
                violation_error_message="The monthly volume cannot be negative.",
            ),
        ]
        indexes = [models.Index(fields=["account", "-updated_at"], name="quote_account_updated")]

    def __str__(self) -> str:
        return self.title or f"Quote #{self.pk}"


class QuoteOption(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100, blank=True)
    # The preview request fields (contracts.md), as typed values
    credit_amount = models.DecimalField(max_digits=14, decimal_places=2)
    term_years = models.PositiveSmallIntegerField()
    prepaid_years = models.PositiveSmallIntegerField(default=1)
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    billing = models.CharField(max_length=8, default="upfront")
    deal_type = models.CharField(max_length=24)
    signing_date_committed = models.BooleanField(default=False)
    days_before_expiry = models.IntegerField(null=True, blank=True)
    on_active_credit_plan = models.BooleanField(default=False)
    nonprofit = models.BooleanField(default=False)
    self_serve = models.BooleanField(default=False)
    # The engine's answer, and the version that gave it
    components = models.JSONField(default=dict)
    discount_pct = models.DecimalField(max_digits=5, decimal_places=2)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    custom_pricing = models.BooleanField(default=False)
    within_policy = models.BooleanField(default=True)
    state = models.CharField(max_length=16, blank=True)
    notes = models.JSONField(default=list)
    policy_version = models.ForeignKey(
        "revops.DiscountPolicyVersion", on_delete=models.PROTECT, related_name="quote_options"
    )
    priced_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["quote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "position"], name="quote_option_unique_position"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_OPTIONS),
                name="quote_option_at_most_five",
                violation_error_message=f"A quote has at most {MAX_OPTIONS} options.",
            ),
            models.CheckConstraint(
                condition=Q(credit_amount__gt=0),
                name="quote_option_credit_positive",
                violation_error_message="The credit amount is above zero.",
            ),
            models.CheckConstraint(
                condition=(Q(custom_pricing=True) & Q(price__isnull=True))
                | (Q(custom_pricing=False) & Q(price__isnull=False)),
                name="quote_option_price_iff_not_custom",
                violation_error_message="A custom-priced option has no price; any other has one (P-12).",
            ),
        ]

    def __str__(self) -> str:
        return self.label or f"Option {self.position}"
