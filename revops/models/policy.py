"""The discount policy as versioned, effective-dated data (revops.md DiscountPolicyVersion, V-1…V-5).

A version is a header (dates, status, parameters) with its volume-tier and commitment rows. Only
`draft` versions change; publishing freezes a version (V-1), so a quote or form pinned to it keeps
its terms. `save()` refuses edits to a frozen version's rows as a last line of defence behind the
services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class FrozenPolicyVersion(ValidationError):
    """V-1: a published or retired version is immutable."""


class DiscountPolicyVersion(models.Model):
    effective_from = models.DateField(null=True, blank=True, help_text="Set at publish (V-2).")
    status = models.CharField(max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    notes = models.TextField(blank=True)
    parameters = models.JSONField(default=dict, blank=True, help_text="Parameter name → decimal string.")
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="successors"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)  # settable: the seeded version keeps its date
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PolicyStatus.DRAFT)
                | Q(effective_from__isnull=False, published_at__isnull=False),
                name="policy_version_published_has_dates",
                violation_error_message="A published version has an effective date and a publish time.",
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_from"], name="policy_version_in_force")]

    def __str__(self) -> str:
        when = f" from {self.effective_from}" if self.effective_from else ""
        return f"Discount policy v{self.pk} ({self.get_status_display()}{when})"

    @property
    def is_frozen(self) -> bool:
        return self.status != PolicyStatus.DRAFT


class _PolicyRow(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if (
            DiscountPolicyVersion.objects.filter(pk=self.version_id)
            .exclude(status=PolicyStatus.DRAFT)
            .exists()
        ):
            raise FrozenPolicyVersion("A published discount policy version cannot change (V-1).")
        super().save(*args, **kwargs)


class VolumeTier(_PolicyRow):
    """P-2: [min_credit, max_credit); max empty = open; pct empty = custom pricing."""

    version = models.ForeignKey(DiscountPolicyVersion, on_delete=models.CASCADE, related_name="tiers")
    position = models.PositiveSmallIntegerField()
    min_credit = models.DecimalField(max_digits=14, decimal_places=2)
    max_credit = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    discount_pct = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    label = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="volume_tier_unique_position"),
        ]

    def __str__(self) -> str:
        return self.label or f"[{self.min_credit}, {self.max_credit})"


class CommitmentRule(_PolicyRow):
    """P-4: a `years`-year contract earns `discount_pct` (not stacking)."""

    version = models.ForeignKey(
        DiscountPolicyVersion, on_delete=models.CASCADE, related_name="commitment_rules"
    )
    position = models.PositiveSmallIntegerField()
    years = models.PositiveSmallIntegerField()
    discount_pct = models.DecimalField(max_digits=5, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="commitment_rule_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.years} years: {self.discount_pct}"


class NonprofitStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class NonprofitVerification(models.Model):
    """P-15: the non-profit lever needs proof under the country of origin's tax law, verified."""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.CASCADE, related_name="nonprofit_verifications"
    )
    country_of_origin = models.CharField(max_length=2, help_text="ISO 3166 code whose tax law decides.")
    proof = models.CharField(max_length=500, help_text="Where the proof is (link or document reference).")
    status = models.CharField(max_length=10, choices=NonprofitStatus.choices, default=NonprofitStatus.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=NonprofitStatus.VERIFIED)
                | Q(verified_by__isnull=False, verified_at__isnull=False),
                name="nonprofit_verified_has_verifier",
                violation_error_message="A verified non-profit names who verified it and when.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} non-profit ({self.get_status_display()})"
