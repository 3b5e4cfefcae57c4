"""Segments and who is in them, with full history (accounts.md §1.4).

A membership row is never deleted: leaving a segment stamps `removed_at`, so "since when?" and
"why?" can always be answered. One open row per (account, segment).
"""

from django.db import models
from django.db.models import Q

from .accounts import Account
from .base import user_fk


class SegmentKind(models.TextChoices):
    COMPUTED = "computed", "Computed"
    MANUAL = "manual", "Manual"


class Segment(models.Model):
    """The eleven §1.4 segments; rows are upserted from `accounts.engine.segments.CATALOGUE`."""

    key = models.CharField(max_length=32, unique=True)
    label = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=SegmentKind.choices)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "key"]

    def __str__(self) -> str:
        return self.label


class SegmentMembership(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="segment_memberships")
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="memberships")
    added_at = models.DateTimeField()
    added_by = user_fk("+", help_text="Empty = the system.")
    reason = models.TextField(blank=True, help_text="Why the account joined (rule id and inputs).")
    explanation = models.JSONField(default=dict, blank=True, help_text="Inputs and rule ids.")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = user_fk("+", help_text="Empty = the system (when removed).")
    removal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "segment"],
                condition=Q(removed_at__isnull=True),
                name="segment_membership_one_open",
                violation_error_message="segment: the account is already in this segment.",
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | Q(removed_at__gte=models.F("added_at")),
                name="segment_membership_removed_after_added",
                violation_error_message="removed_at: must not be before added_at.",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "removed_at"], name="segment_membership_account"),
            models.Index(fields=["segment", "removed_at"], name="segment_membership_segment"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} in {self.segment_id} since {self.added_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.removed_at is None

    @property
    def added_by_label(self) -> str:
        return str(self.added_by) if self.added_by_id else "system"
