"""The one usage feed (spec README, health.md §1.1): one row per account per day."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.engine.usage import product_usage_problems

from .accounts import Account
from .base import known_product_keys, non_negative

COUNTER_FIELDS = (
    "event_count",
    "active_users_30d",
    "billing_page_views",
    "insight_dashboard_views",
    "logins",
)


class MetricsSource(models.TextChoices):
    API = "api", "API"
    CSV = "csv", "CSV"


class AccountDailyMetrics(models.Model):
    """A day of an account's usage, as imported (revops.md I-1) or generated for the demo.

    `product_usage` = {product key: {counter: int}}, counters named in
    `accounts.engine.usage.PRODUCT_COUNTERS`. There is no `products_used_30d` column: it is
    derived by `accounts.selectors.products_used_30d` (spec README). A re-import of the same
    (account, date) replaces the row (health.md D-20).
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="daily_metrics")
    date = models.DateField()
    event_count = models.BigIntegerField(default=0, help_text="Deduplicated events that day.")
    active_users_30d = models.IntegerField(default=0)
    billing_page_views = models.IntegerField(
        default=0, help_text='Customer pageviews whose path contains "billing".'
    )
    insight_dashboard_views = models.IntegerField(
        default=0, help_text="Insight and dashboard views by customer users."
    )
    logins = models.IntegerField(default=0)
    warehouse_export_active = models.BooleanField(
        default=False, help_text="An enabled batch export to a warehouse destination."
    )
    product_usage = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=3, choices=MetricsSource.choices, default=MetricsSource.API)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "account daily metrics"
        ordering = ["account", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "date"],
                name="account_daily_metrics_one_per_day",
                violation_error_message="date: this account already has metrics for that day.",
            ),
            *non_negative("account_daily_metrics", *COUNTER_FIELDS),
        ]
        indexes = [models.Index(fields=["date"], name="account_daily_metrics_date")]

    def __str__(self) -> str:
        return f"{self.account} · {self.date}"

    def clean(self) -> None:
        super().clean()
        problems = product_usage_problems(self.product_usage, known_product_keys())
        if problems:
            raise ValidationError(
                {"product_usage": [f"{field}: {message}" for field, message in problems]}
            )
