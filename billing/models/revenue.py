"""Stored MRR per customer, month and product, with how it was computed (B-2…B-11, B-16)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .base import money, validate_first_of_month
from .customers import BillingConfiguration


class RevenueSource(models.TextChoices):
    INVOICE_BILLED = "INVOICE_BILLED", "Invoice billed"
    CREDIT_PAYMENT_SPLIT = "CREDIT_PAYMENT_SPLIT", "Credit payment split monthly"
    CREDITS_SUBSCRIPTION = "CREDITS_SUBSCRIPTION", "Credits subscription"
    USAGE_DISCOUNTED = "USAGE_DISCOUNTED", "Usage at the discounted rate"
    NONE = "NONE", "None"


class MonthlyRevenue(models.Model):
    """One customer x month: the total row (product_key null) and one row per product.

    Written by `billing.compute_monthly_revenue` (delete-and-insert per customer and month);
    `explanation` holds the inputs and rule ids so a page can answer "why this figure?".
    """

    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.CASCADE, related_name="monthly_revenue"
    )
    month = models.DateField(validators=[validate_first_of_month])
    product_key = models.ForeignKey(
        "billing.Product",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monthly_revenue",
        help_text="Empty = the customer's total for the month.",
    )
    configuration = models.CharField(max_length=32, choices=BillingConfiguration.choices)
    mrr = money(help_text="Raw MRR (D-2).")
    tax = money(default=0, help_text="Total row only (D-3).")
    usage_gross = money(default=0)
    credits_applied = money(default=0)
    source = models.CharField(max_length=22, choices=RevenueSource.choices)
    mrr_adjusted = money(null=True, blank=True, help_text="Filled by the revenue adjustments (B-52).")
    is_provisional = models.BooleanField(default=False)
    is_forecast = models.BooleanField(default=False)
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["billing_customer", "month", "product_key"]
        indexes = [models.Index(fields=["month", "product_key"], name="billing_mrr_month_product")]
        constraints = [
            models.UniqueConstraint(
                fields=["billing_customer", "month", "product_key"],
                condition=Q(product_key__isnull=False),
                name="billing_mrr_one_per_product_month",
            ),
            models.UniqueConstraint(
                fields=["billing_customer", "month"],
                condition=Q(product_key__isnull=True),
                name="billing_mrr_one_total_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.billing_customer_id} {self.month:%Y-%m} {self.product_key_id or 'total'} {self.mrr}"
