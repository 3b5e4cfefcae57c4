"""The account timeline: people's notes and system events (accounts.md §1.9)."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .accounts import Account
from .base import choice_list, user_fk
from .contacts import Contact


class NoteKind(models.TextChoices):
    NOTE = "note", "Note"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    QBR = "qbr", "QBR"
    BUSINESS_VALUE_CALL = "business_value_call", "Business value call"
    IN_PERSON_VISIT = "in_person_visit", "In-person visit"
    EMAIL = "email", "Email"
    SLACK = "slack", "Slack"
    IN_APP_SURVEY = "in_app_survey", "In-app survey"
    LINKEDIN = "linkedin", "LinkedIn"
    LOOM = "loom", "Loom"


class NoteDirection(models.TextChoices):
    OUTBOUND = "outbound", "Outbound"
    INBOUND = "inbound", "Inbound"
    INTERNAL = "internal", "Internal"


class NoteTag(models.TextChoices):
    PRICING = "pricing", "Pricing"
    BILLING = "billing", "Billing"
    RENEWAL = "renewal", "Renewal"
    HANDOVER = "handover", "Handover"
    OPTIMIZATION = "optimization", "Optimization"
    FEATURE_REQUEST = "feature_request", "Feature request"
    ALTERNATIVES_MENTIONED = "alternatives_mentioned", "Alternatives mentioned"
    DATA_EXPORT_REQUEST = "data_export_request", "Data export request"
    CHURN = "churn", "Churn"


class TimelineEventType(models.TextChoices):
    OWNER_CHANGED = "owner_changed", "Owner changed"
    OVERLAY_CHANGED = "overlay_changed", "Overlay changed"
    NEW_OWNER_SET = "new_owner_set", "New Owner set"
    SEGMENT_ADDED = "segment_added", "Segment added"
    SEGMENT_REMOVED = "segment_removed", "Segment removed"
    PLAN_SAVED = "plan_saved", "Account plan saved"
    HANDOVER_STATUS = "handover_status", "Handover status"
    ONBOARDING_ITEM = "onboarding_item", "Onboarding item"
    HEALTH_BAND_CHANGED = "health_band_changed", "Health band changed"
    SIGNAL_OPENED = "signal_opened", "Signal opened"
    SIGNAL_CLOSED = "signal_closed", "Signal closed"
    CHURN_RISK_FLAGGED = "churn_risk_flagged", "Churn risk flagged"
    CHURN_RISK_RESOLVED = "churn_risk_resolved", "Churn risk resolved"
    ESCALATION = "escalation", "Escalation"
    INVOICE_LATE = "invoice_late", "Invoice late"
    DUNNING_STEP = "dunning_step", "Dunning step"
    TEMPLATE_SENT = "template_sent", "Template sent"
    TERRITORY_ENTRY = "territory_entry", "Territory review entry"
    # Issue 16 adds this to the §1.9 enum: a contact marked as left or as having changed role.
    CONTACT_STATUS_CHANGED = "contact_status_changed", "Contact status changed"


class Note(models.Model):
    """A person's record of an interaction; every edit keeps the old body (history)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="notes")
    author = user_fk("notes_written")
    kind = models.CharField(max_length=20, choices=NoteKind.choices, default=NoteKind.NOTE)
    direction = models.CharField(
        max_length=10, choices=NoteDirection.choices, default=NoteDirection.INTERNAL
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="notes")
    body = models.TextField(help_text="Markdown.")
    occurred_at = models.DateTimeField(default=timezone.now)
    tags = choice_list(NoteTag)
    pinned = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-occurred_at"], name="note_account_timeline"),
            models.Index(fields=["account", "direction", "occurred_at"], name="note_direction"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.account} at {self.occurred_at:%Y-%m-%d}"


class TimelineEvent(models.Model):
    """Written by the system as things happen; never edited. `actor` empty = the system."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="timeline_events")
    at = models.DateTimeField(default=timezone.now)
    actor = user_fk("timeline_events")
    type = models.CharField(max_length=24, choices=TimelineEventType.choices)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["account", "-at"], name="timeline_event_account"),
            models.Index(fields=["type", "-at"], name="timeline_event_type"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} on {self.account} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def actor_label(self) -> str:
        return str(self.actor) if self.actor_id else "system"
