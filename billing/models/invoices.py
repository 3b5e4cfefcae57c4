"""Stripe invoices, their lines and payment attempts (billing.md §1).

Periods are dates with an exclusive end (D-1); a one-off item has start = end, so invoice and
line periods may be empty but never reversed.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .base import (
    StripeObject,
    money,
    non_negative,
    stripe_id_field,
    stripe_id_validator,
    validate_first_of_month,
)
from .subscriptions import CollectionMethod


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    UNCOLLECTIBLE = "uncollectible", "Uncollectible"
    VOID = "void", "Void"


class InvoicePurpose(models.TextChoices):
    USAGE = "USAGE", "Usage"
    CREDIT_PURCHASE = "CREDIT_PURCHASE", "Credit purchase"
    OTHER = "OTHER", "Other"


class Invoice(StripeObject):
    # B-3 counts only these.
    FINALIZED_STATUSES = (InvoiceStatus.OPEN, InvoiceStatus.PAID)

    stripe_id = stripe_id_field("in_")
    number = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="Empty until finalized."
    )
    stripe_customer = models.ForeignKey(
        "billing.StripeCustomer", on_delete=models.PROTECT, related_name="invoices"
    )
    subscription = models.ForeignKey(
        "billing.Subscription", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invoices",
    )
    status = models.CharField(max_length=13, choices=InvoiceStatus.choices)
    collection_method = models.CharField(
        max_length=20, choices=CollectionMethod.choices,
        default=CollectionMethod.CHARGE_AUTOMATICALLY,
    )
    billing_reason = models.CharField(max_length=64, blank=True, help_text="Stripe's, verbatim.")
    purpose = models.CharField(
        max_length=15, choices=InvoicePurpose.choices, default=InvoicePurpose.USAGE
    )
    credit_purchase = models.ForeignKey(
        "billing.CreditPurchase", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invoices",
    )
    currency = models.CharField(max_length=3, default="usd")
    subtotal = money(default=0)
    discount_total = money(default=0)
    tax = money(default=0)
    total = money(default=0)
    amount_due = money(default=0)
    amount_paid = money(default=0)
    amount_remaining = money(default=0)
    starting_balance = money(default=0)
    ending_balance = money(default=0)
    credits_applied = money(
        default=0, help_text="ending_balance - starting_balance when ≥ 0, else 0."
    )
    pre_payment_credit_notes = money(default=0)
    post_payment_credit_notes = money(default=0)
    period_start = models.DateField()
    period_end = models.DateField()
    service_month = models.DateField(
        null=True, blank=True, validators=[validate_first_of_month],
        help_text="Month of the earliest line period_start (D-1).",
    )
    created = models.DateTimeField()
    finalized_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_payment_attempt = models.DateTimeField(null=True, blank=True)
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    invoice_pdf = models.URLField(max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["raw"])

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["stripe_customer", "period_start"], name="billing_inv_customer_period"),
            models.Index(fields=["stripe_customer", "service_month"], name="billing_inv_customer_month"),
            models.Index(fields=["service_month", "status"], name="billing_inv_month_status"),
            models.Index(fields=["status", "due_date"], name="billing_inv_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="billing_invoice_period_end_after_start",
                violation_error_message="An invoice period ends on or after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="billing_invoice_number_not_blank",
                violation_error_message="An invoice without a number has none (null), not ''.",
            ),
            *non_negative(
                "invoice", "discount_total", "amount_due", "amount_paid", "amount_remaining",
                "credits_applied", "pre_payment_credit_notes", "post_payment_credit_notes",
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.stripe_id

    @property
    def is_finalized(self) -> bool:
        return self.status in self.FINALIZED_STATUSES


class InvoiceLineKind(models.TextChoices):
    USAGE = "USAGE", "Usage (metered price)"
    FLAT = "FLAT", "Flat (licensed / fixed fee)"
    PRORATION = "PRORATION", "Proration"
    CREDIT_PURCHASE = "CREDIT_PURCHASE", "Credit purchase"
    OTHER = "OTHER", "Other"


class InvoiceLine(StripeObject):
    """A line names its product by catalogue key; null = unmapped (B-12), never dropped."""

    stripe_id = stripe_id_field("il_")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=15, choices=InvoiceLineKind.choices, default=InvoiceLineKind.OTHER)
    product_key = models.ForeignKey(
        "billing.Product", null=True, blank=True, on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    stripe_product = models.ForeignKey(
        "billing.StripeProduct", null=True, blank=True, on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    price = models.ForeignKey(
        "billing.StripePrice", null=True, blank=True, on_delete=models.PROTECT,
        related_name="invoice_lines",
    )
    description = models.TextField(blank=True)
    quantity = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    amount = money(help_text="Before coupons and tax (usage gross).")
    discount_amount = money(default=0)
    tax_amount = money(default=0)
    net_amount = money(help_text="amount - discount_amount.")
    period_start = models.DateField()
    period_end = models.DateField(help_text="Service period end, exclusive.")
    proration = models.BooleanField(default=False)

    class Meta:
        ordering = ["invoice", "period_start", "stripe_id"]
        indexes = [
            models.Index(fields=["product_key", "period_start"], name="billing_line_product_period"),
            models.Index(fields=["invoice", "product_key"], name="billing_line_invoice_product"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="billing_line_period_end_after_start",
                violation_error_message="A line's service period ends on or after it starts.",
            ),
            *non_negative("line", "discount_amount"),
        ]

    def clean(self) -> None:
        super().clean()
        # Checked here, not in the database: SQLite compares decimals as floats.
        if None not in (self.amount, self.discount_amount, self.net_amount) and (
            self.net_amount != self.amount - self.discount_amount
        ):
            raise ValidationError({"net_amount": "net_amount is amount - discount_amount."})


class PaymentMethodType(models.TextChoices):
    CARD = "card", "Card"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CUSTOMER_BALANCE = "customer_balance", "Customer balance"
    OTHER = "other", "Other"


class PaymentAttempt(models.Model):
    """One try to collect an invoice; retries share a payment intent, so its id is not unique."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payment_attempts")
    attempt_number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)
    amount = money()
    failure_message = models.TextField(blank=True)
    payment_method_type = models.CharField(
        max_length=16, choices=PaymentMethodType.choices, default=PaymentMethodType.CARD
    )
    stripe_payment_id = models.CharField(
        max_length=255, blank=True,
        validators=[stripe_id_validator("inpay_", "pi_", "ch_", "py_")],
    )
    source_event_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["invoice", "attempt_number"]
        indexes = [models.Index(fields=["attempted_at"], name="billing_payatt_attempted_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "attempt_number"], name="billing_payatt_one_per_number",
                violation_error_message="This invoice already has an attempt with this number.",
            ),
            models.CheckConstraint(
                condition=Q(attempt_number__gte=1),
                name="billing_payatt_number_from_one",
                violation_error_message="Attempts are numbered from 1.",
            ),
            *non_negative("payatt", "amount"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} attempt {self.attempt_number}"
