"""Late payments and dunning (billing.md §1 DunningCase / DunningStep, B-34…B-39): one open case
per customer, one row per (case, step), the pauses an owner recorded, and the case's log
(outreach, alerts, actions), each with who and when. Cases and steps keep their history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .base import money


class DunningPlanKind(models.TextChoices):
    CREDIT_BASED = "CREDIT_BASED", "Credit-based (invoiced)"
    PAYG = "PAYG", "Pay-as-you-go (card)"


class DunningStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    PAUSED = "PAUSED", "Paused"
    RESOLVED = "RESOLVED", "Resolved (paid)"
    CANCELLED = "CANCELLED", "Cancelled"


LIVE_STATUSES = (DunningStatus.OPEN, DunningStatus.PAUSED)


class DunningCase(models.Model):
    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.CASCADE, related_name="dunning_cases"
    )
    invoices = models.ManyToManyField("billing.Invoice", related_name="dunning_cases", blank=True)
    plan_kind = models.CharField(max_length=12, choices=DunningPlanKind.choices)
    day0 = models.DateField(help_text="B-34: due date + 1 (credit-based); B-35/D-22: first failed attempt.")
    amount_overdue = money()
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dunning_cases",
    )
    tagged = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="dunning_tags", blank=True)
    step = models.PositiveSmallIntegerField(default=0, help_text="0-5: the highest step due so far.")
    next_step = models.PositiveSmallIntegerField(null=True, blank=True)
    next_step_due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=9, choices=DunningStatus.choices, default=DunningStatus.OPEN)
    paused_days = models.PositiveIntegerField(default=0)
    pause_reason = models.TextField(blank=True)
    suspended_on = models.DateField(null=True, blank=True, help_text="Step 3 done (access suspended).")
    reenable_required = models.BooleanField(default=False)
    cancelled_on = models.DateField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    consecutive_missed_periods = models.PositiveSmallIntegerField(default=0)
    advance_payment_required = money(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day0", "pk"]
        indexes = [
            models.Index(fields=["status", "day0"], name="billing_dun_status_day0"),
            models.Index(fields=["status", "next_step_due"], name="billing_dun_status_next"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["billing_customer"],
                condition=Q(status__in=["OPEN", "PAUSED"]),
                name="billing_dunning_one_open_case",
                violation_error_message="This customer already has an open dunning case.",
            ),
            models.CheckConstraint(
                condition=Q(step__gte=0, step__lte=5),
                name="billing_dunning_step_0_5",
                violation_error_message="A case's step is 0 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(amount_overdue__gte=0),
                name="billing_dunning_amount_not_negative",
                violation_error_message="amount_overdue is never negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.billing_customer_id} day 0 {self.day0} step {self.step} ({self.status})"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class DunningStep(models.Model):
    """B-37's task for one step: due on its (pause-shifted) day, done by a person."""

    case = models.ForeignKey(DunningCase, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step"],
                name="billing_dunning_one_row_per_step",
                violation_error_message="This case already has this step.",
            ),
            models.CheckConstraint(
                condition=Q(step__gte=1, step__lte=5),
                name="billing_dunning_step_1_5",
                violation_error_message="Steps are numbered 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} step {self.step} due {self.due_on}"


class DunningPause(models.Model):
    """An owner's extension with its reason (B-37 "use your discretion"); shifts later steps."""

    case = models.ForeignKey(DunningCase, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField()
    days = models.PositiveSmallIntegerField()
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=60),
                name="billing_dunning_pause_days",
                violation_error_message="A pause is 1 to 60 days.",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} paused {self.days} day(s) from {self.starts_on}"


class DunningEventKind(models.TextChoices):
    OPENED = "opened", "Case opened"
    PAYG_FAILURE = "payg_failure", "Card payment failed"
    STEP_DUE = "step_due", "Step due"
    OUTREACH = "outreach", "Outreach logged"
    PAUSED = "paused", "Paused"
    STEP_DONE = "step_done", "Step done"
    CANCEL_REQUESTED = "cancel_requested", "Cancellation confirmed"
    RESOLVED = "resolved", "Resolved (paid)"
    MISSED_PERIODS = "missed_periods", "Advance payment required"


class DunningEvent(models.Model):
    """The case's log: what happened, who did it (null = a job) and when. `key` makes a job's
    alert happen once (e.g. `payg:<invoice>:<attempt>`, `step:3`)."""

    case = models.ForeignKey(DunningCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=DunningEventKind.choices)
    key = models.CharField(max_length=64, blank=True)
    on = models.DateField(help_text="The day it is about (the job's as-of day or the action's day).")
    note = models.TextField(blank=True)
    channel = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "at", "pk"]
        indexes = [models.Index(fields=["kind", "on"], name="billing_dunev_kind_on")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "key"],
                condition=~Q(key=""),
                name="billing_dunning_event_once",
                violation_error_message="This event was already recorded.",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} {self.kind} {self.on}"
