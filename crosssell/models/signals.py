"""The tables the pauses read: logged signal events, implementation check items and the
compliance screen (PAUSE-1…8, NEXT-1, D-30, WWDB-1…3)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Account
from crosssell.engine.facts import COMPLIANCE_STATUSES, IMPLEMENTATION_ITEMS, SIGNAL_EVENT_TYPES

SIGNAL_EVENT_CHOICES = [(t, t.replace("_", " ").capitalize()) for t in SIGNAL_EVENT_TYPES]
IMPLEMENTATION_ITEM_CHOICES = [(t, t.replace("_", " ").capitalize()) for t in IMPLEMENTATION_ITEMS]
COMPLIANCE_CHOICES = [(t, t.replace("_", " ").capitalize()) for t in COMPLIANCE_STATUSES]


def _user(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name
    )


class AccountSignalEvent(models.Model):
    """A TAM-logged (or imported) event; cleared with a reason, never deleted."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_signal_events")
    external_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (unique when set)
    type = models.CharField(max_length=32, choices=SIGNAL_EVENT_CHOICES)
    subtype = models.CharField(max_length=40, blank=True)
    product = models.CharField(max_length=40, blank=True, help_text="A product key, optional.")
    occurred_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    detail = models.TextField(blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = _user("+")
    cleared_reason = models.TextField(blank=True)
    created_by = _user("+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "-occurred_on", "-id"]
        indexes = [models.Index(fields=["account", "type"], name="xs_signal_account_type")]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=models.Q(external_id__isnull=False),
                name="xs_signal_external_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(cleared_at__isnull=True) | ~models.Q(cleared_reason=""),
                name="xs_signal_cleared_needs_reason",
                violation_error_message="cleared_reason: clearing an event needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} on {self.occurred_on}"

    @property
    def cleared(self) -> bool:
        return self.cleared_at is not None


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    FIXED = "fixed", "Fixed"
    NOT_APPLICABLE = "not_applicable", "Not applicable"
    NOT_CHECKED = "not_checked", "Not checked"


class ItemDetectedBy(models.TextChoices):
    AUTO = "auto", "Auto"
    TAM = "tam", "TAM"


class ImplementationCheckItem(models.Model):
    """D-30: one implementation health-check item; only `open` suppresses (NEXT-1, PAUSE-2)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_check_items")
    item = models.CharField(max_length=40, choices=IMPLEMENTATION_ITEM_CHOICES)
    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.NOT_CHECKED)
    detected_by = models.CharField(max_length=4, choices=ItemDetectedBy.choices, default=ItemDetectedBy.TAM)
    evidence = models.TextField(blank=True)
    estimated_monthly_savings = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fixed_at = models.DateTimeField(null=True, blank=True)
    fixed_by = _user("+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "item"]
        constraints = [
            models.UniqueConstraint(fields=["account", "item"], name="xs_check_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_status_display()}"


class ComplianceScreen(models.Model):
    """WWDB-1…3: the account's screen; re-screened nightly from its country and legal's flags."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="crosssell_compliance")
    status = models.CharField(max_length=20, choices=COMPLIANCE_CHOICES, default="ok")
    reasons = models.JSONField(default=list, blank=True)
    content_warning = models.BooleanField(default=False)
    us_person_exemption = models.BooleanField(default=False, help_text="Set by legal (WWDB-1, Russia).")
    sanctions_listed = models.BooleanField(default=False, help_text="Found on a US sanctions list (manual).")
    discretionary_hold = models.BooleanField(default=False, help_text="WWDB-3, set by legal or RevOps.")
    cleared_by = _user("+")
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_note = models.TextField(blank=True, help_text="Legal's note clearing a review.")
    screened_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.account}: {self.get_status_display()}"
