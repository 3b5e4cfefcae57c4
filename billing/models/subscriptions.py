"""Stripe subscriptions and their items; item periods follow the basil+ API (billing.md §4)."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .base import StripeObject, stripe_id_field


class SubscriptionStatus(models.TextChoices):
    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete expired"
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    CANCELED = "canceled", "Canceled"
    UNPAID = "unpaid", "Unpaid"
    PAUSED = "paused", "Paused"


class CollectionMethod(models.TextChoices):
    CHARGE_AUTOMATICALLY = "charge_automatically", "Charge automatically"
    SEND_INVOICE = "send_invoice", "Send invoice"


class Subscription(StripeObject):
    stripe_id = stripe_id_field("sub_")
    stripe_customer = models.ForeignKey(
        "billing.StripeCustomer", on_delete=models.PROTECT, related_name="subscriptions"
    )
    status = models.CharField(max_length=18, choices=SubscriptionStatus.choices)
    collection_method = models.CharField(
        max_length=20, choices=CollectionMethod.choices,
        default=CollectionMethod.CHARGE_AUTOMATICALLY,
    )
    start_date = models.DateTimeField()
    trial_end = models.DateTimeField(null=True, blank=True)
    cancel_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    schedule_id = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords(excluded_fields=["raw"])

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["stripe_customer", "status"], name="billing_sub_customer_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("start_date")),
                name="billing_sub_ended_after_start",
                violation_error_message="A subscription ends after it starts.",
            ),
        ]


class SubscriptionItem(StripeObject):
    stripe_id = stripe_id_field("si_")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="items")
    price = models.ForeignKey(
        "billing.StripePrice", on_delete=models.PROTECT, related_name="subscription_items"
    )
    quantity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty for metered prices.")
    current_period_start = models.DateField()
    current_period_end = models.DateField(help_text="Exclusive.")

    class Meta:
        ordering = ["subscription", "stripe_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_period_end__gt=F("current_period_start")),
                name="billing_subitem_period_end_after_start",
                violation_error_message="The current period ends after it starts.",
            ),
        ]
