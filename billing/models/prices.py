"""Stripe products and prices, and how a Stripe product key maps to a catalogue key (B-12)."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import StripeObject, stripe_id_field


class ProductKeyAlias(models.Model):
    """A Stripe `posthog_product_key` → contracts.md key; RevOps edit it (D-9)."""

    stripe_key = models.CharField(max_length=80, unique=True)
    product_key = models.ForeignKey(
        "billing.Product", on_delete=models.PROTECT, related_name="aliases"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["stripe_key"]
        verbose_name_plural = "product key aliases"

    def __str__(self) -> str:
        return f"{self.stripe_key} → {self.product_key_id}"


class StripeProduct(StripeObject):
    """A Stripe product. Two with the same key flag review (B-12), so the key is not unique."""

    stripe_id = stripe_id_field()
    name = models.CharField(max_length=255)
    posthog_product_key = models.CharField(
        max_length=80, blank=True, db_index=True, help_text="Raw Stripe metadata value."
    )
    product_key = models.ForeignKey(
        "billing.Product", null=True, blank=True, on_delete=models.PROTECT,
        related_name="stripe_products", help_text="Resolved through ProductKeyAlias; empty = unmapped.",
    )
    is_fixed_fee = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.stripe_id})"


class BillingScheme(models.TextChoices):
    PER_UNIT = "per_unit", "Per unit"
    TIERED = "tiered", "Tiered"


class TiersMode(models.TextChoices):
    GRADUATED = "graduated", "Graduated"
    VOLUME = "volume", "Volume"


class RecurringInterval(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class UsageType(models.TextChoices):
    METERED = "metered", "Metered"
    LICENSED = "licensed", "Licensed"


class StripePrice(StripeObject):
    """A Stripe price. Amounts keep Stripe's unit, cents as decimal strings, like `tiers`."""

    stripe_id = stripe_id_field()
    product = models.ForeignKey(StripeProduct, on_delete=models.PROTECT, related_name="prices")
    nickname = models.CharField(max_length=255, blank=True)
    billing_scheme = models.CharField(
        max_length=8, choices=BillingScheme.choices, default=BillingScheme.PER_UNIT
    )
    tiers_mode = models.CharField(max_length=9, choices=TiersMode.choices, blank=True)
    tiers = models.JSONField(
        default=list, blank=True,
        help_text='[{"up_to": int|null, "unit_amount_decimal": str, "flat_amount_decimal": str}]',
    )
    unit_amount_decimal = models.DecimalField(
        max_digits=24, decimal_places=12, null=True, blank=True, help_text="Cents per unit."
    )
    recurring_interval = models.CharField(
        max_length=5, choices=RecurringInterval.choices, blank=True
    )
    recurring_interval_count = models.PositiveSmallIntegerField(null=True, blank=True)
    usage_type = models.CharField(max_length=8, choices=UsageType.choices, default=UsageType.LICENSED)
    meta_plan = models.CharField("metadata plan", max_length=80, blank=True)
    meta_valid_days = models.PositiveIntegerField("metadata valid_days", null=True, blank=True)
    meta_move_to_price_id = models.CharField(
        "metadata move_to_price_id", max_length=255, blank=True
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["product", "stripe_id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(billing_scheme=BillingScheme.TIERED) & ~Q(tiers_mode=""))
                | Q(billing_scheme=BillingScheme.PER_UNIT, tiers_mode=""),
                name="billing_price_tiers_mode_iff_tiered",
                violation_error_message="A tiered price has a tiers mode; a per-unit price has none.",
            ),
            models.CheckConstraint(
                condition=Q(recurring_interval="", recurring_interval_count__isnull=True)
                | (
                    ~Q(recurring_interval="")
                    & Q(recurring_interval_count__isnull=False, recurring_interval_count__gte=1)
                ),
                name="billing_price_interval_has_count",
                violation_error_message="A recurring price has an interval and a count of at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.nickname or self.stripe_id
