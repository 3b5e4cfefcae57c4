"""CreditBot's daily reading per customer (B-27…B-31, D-18) and the Stripe writes waiting for
`STRIPE_WRITES_ENABLED` (B-67)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .base import money


class RunwayScenario(models.TextChoices):
    FIRST_HALF = "FIRST_HALF", "First half of the term"
    BETWEEN = "BETWEEN", "Between first half and last two months"
    LAST_TWO_MONTHS = "LAST_TWO_MONTHS", "Last two months"
    NONE = "NONE", "None"


class AlertState(models.TextChoices):
    NONE = "NONE", "No alert"
    OPEN = "OPEN", "Open"
    ACKNOWLEDGED = "ACKNOWLEDGED", "Acknowledged"
    RESOLVED = "RESOLVED", "Resolved"


class CreditRunway(models.Model):
    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.CASCADE, related_name="credit_runways"
    )
    as_of = models.DateField()
    credit_purchase = models.ForeignKey(
        "billing.CreditPurchase", null=True, blank=True, on_delete=models.SET_NULL, related_name="runways"
    )
    available_credit = money()
    daily_burn = money(null=True, blank=True, help_text="Shown rounded; run-out uses the exact rate.")
    burn_source = models.CharField(max_length=16, default="none")
    runway_days = models.IntegerField(null=True, blank=True, help_text="Empty = insufficient history.")
    run_out_date = models.DateField(null=True, blank=True)
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)
    scenario = models.CharField(max_length=15, choices=RunwayScenario.choices, default=RunwayScenario.NONE)
    action = models.JSONField(null=True, blank=True, help_text="B-29…B-31's action with its dates.")
    alert_state = models.CharField(max_length=12, choices=AlertState.choices, default=AlertState.NONE)
    alerted_run_out_date = models.DateField(null=True, blank=True)
    alerted_scenario = models.CharField(max_length=15, choices=RunwayScenario.choices, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["billing_customer", "-as_of"]
        indexes = [
            models.Index(fields=["as_of", "run_out_date"], name="billing_runway_asof_runout"),
            models.Index(fields=["as_of", "alert_state"], name="billing_runway_asof_alert"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["billing_customer", "as_of"], name="billing_runway_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.billing_customer_id} {self.as_of} {self.scenario} {self.runway_days}"


class StripeWriteKind(models.TextChoices):
    """B-67's writes, the only ones the app makes to Stripe."""

    CREATE_BALANCE_TRANSACTION = "create_balance_transaction", "Create a customer balance transaction"
    UPDATE_CUSTOMER_METADATA = "update_customer_metadata", "Update customer metadata"
    CREATE_CREDIT_NOTE = "create_credit_note", "Create a credit note"
    DELETE_INVOICE_ITEM = "delete_invoice_item", "Delete a pending proration item"
    CANCEL_SUBSCRIPTION = "cancel_subscription", "Cancel a subscription"


class StripeWriteStatus(models.TextChoices):
    PENDING = "pending", "Pending (writes disabled)"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class StripeWriteTask(models.Model):
    """A Stripe write the app decided on. With STRIPE_WRITES_ENABLED false it stays `pending`;
    the Stripe gateway (a later issue) sends it with header Idempotency-Key = `idempotency_key`
    and stores the returned id in `stripe_id` (a stored id means already done, billing.md §4)."""

    kind = models.CharField(max_length=32, choices=StripeWriteKind.choices)
    idempotency_key = models.CharField(max_length=120, unique=True, help_text="tamapp-<model>-<pk>-<action>")
    stripe_customer = models.ForeignKey(
        "billing.StripeCustomer", null=True, blank=True, on_delete=models.PROTECT, related_name="write_tasks"
    )
    credit_grant = models.ForeignKey(
        "billing.CreditGrant", null=True, blank=True, on_delete=models.PROTECT, related_name="write_tasks"
    )
    payload = models.JSONField(default=dict, help_text="The request body the gateway will send (cents).")
    status = models.CharField(
        max_length=9, choices=StripeWriteStatus.choices, default=StripeWriteStatus.PENDING
    )
    stripe_id = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="billing_swt_status_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({self.status})"
