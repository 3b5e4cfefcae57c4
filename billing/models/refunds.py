"""Refund requests and their per-product lines (billing.md §1 RefundRequest / RefundLine,
B-40…B-49): what was asked, how the calculator judged and priced it, and RevOps' decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .base import money


class RefundScenario(models.TextChoices):
    """B-40: value → label exactly."""

    LEARNING_CURVE = "learning_curve", "Learning curve"
    UNEXPECTED_STARDOM = "unexpected_stardom", "Unexpected stardom"
    UNDER_ATTACK = "under_attack", "Under attack"
    WRONG_SETUP = "wrong_setup", "Wrong setup"
    OTHER = "other", "Other"


class RefundChannel(models.TextChoices):
    IN_APP_TICKET = "in_app_ticket", "In-app ticket"
    SALES_FORM_OR_EMAIL = "sales_form_or_email", "Contact sales form or email"
    LARGE_ACCOUNT = "large_account", "Large account (AE-led)"


class Mitigation(models.TextChoices):
    BILLING_LIMIT = "billing_limit", "Billing limit"
    MANAGING_EVENT_VOLUME = "managing_event_volume", "Managing event volume"
    OTHER = "other", "Other"
    NONE = "none", "None"


class FraudSignal(models.TextChoices):
    CONNECTED_ACCOUNTS = "connected_accounts", "Connected accounts"
    STRIPE_HIGH_REFUNDS_NOTICE = "stripe_high_refunds_notice", "Stripe high refunds notice"
    USAGE_INCONSISTENT_WITH_SIZE = "usage_inconsistent_with_size", "Usage inconsistent with customer size"
    SUDDEN_10X_JUMP = "sudden_10x_jump", "Sudden 10x jump"


class UsagePattern(models.TextChoices):
    NORMAL = "normal", "Normal (gradual increase, weekly patterns)"
    SUSPICIOUS = "suspicious", "Suspicious (sudden 10x jumps, severe spikes)"
    BOT_ATTACK = "bot_attack", "Bot attack (lots of similar events)"


class RefundResolution(models.TextChoices):
    CREDIT = "credit", "Credit (period not ended)"
    CREDIT_NOTE_REFUND = "credit_note_refund", "Credit note refund"
    PARTIAL_CONDITIONAL = "partial_conditional", "Partial, conditional on a fix"
    ESCALATE_REVOPS = "escalate_revops", "Escalate to RevOps"
    DECLINED = "declined", "Declined"


class EscalationReason(models.TextChoices):
    SOMETHING_OFF = "something_off", "Something seems off"
    MULTIPLE_RECENT_REFUNDS = "multiple_recent_refunds", "Multiple refunds lately"
    NON_STANDARD_CASE = "non_standard_case", "Doesn't match the simple cases"
    BIG_CUSTOMER = "big_customer", "Big customer ($1,667+ monthly)"
    INVOICE_CHANGE_NEEDED = "invoice_change_needed", "An invoice must be created or modified"
    OVERDUE_INVOICES = "overdue_invoices", "Overdue invoices"
    EXTRAORDINARY_CIRCUMSTANCES = "extraordinary_circumstances", "Extraordinary circumstances"


class RefundStatus(models.TextChoices):
    """new → under_review | escalated | declined (the calculator's route) → approved | declined
    (a RevOps admin) → processed (credit note or credit queued)."""

    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    ESCALATED = "escalated", "Escalated to RevOps"
    PROCESSED = "processed", "Processed"


OPEN_STATUSES = (RefundStatus.NEW, RefundStatus.UNDER_REVIEW, RefundStatus.ESCALATED)


class RefundRequest(models.Model):
    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.PROTECT, related_name="refund_requests"
    )
    invoice = models.ForeignKey("billing.Invoice", on_delete=models.PROTECT, related_name="refund_requests")
    scenario = models.CharField(max_length=18, choices=RefundScenario.choices)
    channel = models.CharField(
        max_length=19, choices=RefundChannel.choices, default=RefundChannel.IN_APP_TICKET
    )
    billing_date = models.DateField(help_text="The invoice's finalization date (D-25).")
    requested_on = models.DateField()
    explanation = models.TextField()
    incident_number = models.PositiveSmallIntegerField(default=1, help_text="D-29.")
    prior_recommendations_actioned = models.BooleanField(null=True, blank=True)
    is_first_bill_over_1 = models.BooleanField(default=False)
    company_has_revenue = models.BooleanField(default=True)
    is_hobby_project = models.BooleanField(default=False)
    spike_ceased = models.BooleanField(default=False)
    mitigation = models.CharField(max_length=21, choices=Mitigation.choices, default=Mitigation.NONE)
    fraud_signals = models.JSONField(default=list, blank=True, help_text="FraudSignal values.")
    usage_pattern = models.CharField(max_length=10, choices=UsagePattern.choices, default=UsagePattern.NORMAL)
    something_off = models.BooleanField(default=False)
    invoice_change_needed = models.BooleanField(default=False)
    extraordinary_circumstances = models.TextField(blank=True)
    eligibility = models.JSONField(default=dict, blank=True, help_text="Each check → ok + why (B-42).")
    resolution = models.CharField(max_length=19, choices=RefundResolution.choices, blank=True)
    escalation_reasons = models.JSONField(default=list, blank=True, help_text="EscalationReason values.")
    status = models.CharField(max_length=12, choices=RefundStatus.choices, default=RefundStatus.NEW)
    computed_amount = money(default=0)
    max_refund = money(default=0, help_text="The ceiling: 0 declined, 50 % partial (D-30), else computed.")
    approved_amount = money(null=True, blank=True)
    credit_reason = models.CharField(max_length=19, blank=True, help_text="B-45's ONE_TIME grant reason.")
    fix_window_until = models.DateField(null=True, blank=True)
    prevention_guidance_sent = models.BooleanField(default=False)
    repeat_warning_sent = models.BooleanField(default=False)
    stripe_reason = models.CharField(
        max_length=22, blank=True, help_text="Stripe's credit-note reason (B-46)."
    )
    internal_reason = models.CharField(max_length=18, blank=True, help_text="= scenario (B-46).")
    zendesk_ticket = models.URLField(max_length=500, blank=True)
    calc_breakdown = models.TextField(blank=True, help_text="For the Zendesk note (B-44).")
    explanation_json = models.JSONField(
        default=dict, blank=True, help_text="The calculator's inputs and reasons."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="refund_requests_filed"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    credit_grant = models.ForeignKey(
        "billing.CreditGrant", null=True, blank=True, on_delete=models.PROTECT, related_name="refund_requests"
    )
    stripe_write = models.ForeignKey(
        "billing.StripeWriteTask",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refund_requests",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="billing_refund_status_created"),
            models.Index(fields=["billing_customer", "requested_on"], name="billing_refund_customer_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(computed_amount__gte=0) & Q(max_refund__gte=0),
                name="billing_refund_amounts_not_negative",
                violation_error_message="Refund amounts are never negative.",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | (Q(approved_amount__gte=0) & Q(approved_amount__lte=models.F("max_refund"))),
                name="billing_refund_approved_within_ceiling",
                violation_error_message="The approved amount is between 0 and the refund ceiling.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "processed"]) | Q(approved_amount__isnull=False),
                name="billing_refund_approved_has_amount",
                violation_error_message="An approved refund records its approved amount.",
            ),
        ]

    def __str__(self) -> str:
        return f"Refund #{self.pk} {self.get_scenario_display()} for {self.billing_customer} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RefundLine(models.Model):
    request = models.ForeignKey(RefundRequest, on_delete=models.CASCADE, related_name="lines")
    product_key = models.ForeignKey("billing.Product", on_delete=models.PROTECT, related_name="refund_lines")
    prior_units = models.JSONField(default=list, blank=True, help_text="The ≤ 3 months before the spike.")
    baseline_units = models.BigIntegerField()
    spike_units = models.BigIntegerField()
    overage_units = models.BigIntegerField()
    tiers_mode = models.CharField(max_length=9, default="graduated")
    tiers = models.JSONField(default=list, blank=True, help_text="The Stripe tiers priced (USD).")
    percent_off = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    price_with_spike = money()
    price_baseline = money()
    amount = money()
    approved_amount = money(null=True, blank=True)
    calc_breakdown = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "product_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "product_key"], name="billing_refundline_one_per_product"
            ),
            models.CheckConstraint(
                condition=Q(baseline_units__gte=0) & Q(spike_units__gte=0) & Q(overage_units__gte=0),
                name="billing_refundline_units_not_negative",
                violation_error_message="Unit counts are never negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.product_key_id} {self.amount}"
