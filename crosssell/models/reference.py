"""Reference data RevOps edits (seeded by migrations, audited): use cases with their paths and
personas, the 42 cross-sell pathways, the role-family map, the discovery questions and the
versioned cross-sell settings (P-6)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crosssell.engine.catalogue import FAMILIES, USE_CASES

USE_CASE_CHOICES = [(key, key) for key in USE_CASES]
FAMILY_CHOICES = [(f, f) for f in FAMILIES]


class UseCase(models.Model):
    """UC-1: one of the seven use cases, with its primary expansion path (PathStep list)."""

    key = models.CharField(max_length=32, primary_key=True, choices=USE_CASE_CHOICES)
    name = models.CharField(max_length=80)
    jtbd = models.TextField()
    core_buyer = models.CharField(max_length=200)
    core_buyer_family = models.CharField(max_length=20, choices=FAMILY_CHOICES)
    entry_text = models.CharField(max_length=200)
    display_order = models.PositiveSmallIntegerField()
    # [{"position", "product", "feature", "alternatives", "companions", "logic_text"}, …]
    primary_path = models.JSONField(default=list)
    # UC-1b "Personas to target", verbatim: [{"name", "role_examples", "cares_about", "evaluates"}, …]
    personas = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order"]

    def __str__(self) -> str:
        return self.name


class CrossSellPathway(models.Model):
    """UC-3: one row of a use case's "Cross-sell pathways from this use case" table, in seed
    order; `condition` names the predicate (D-21), the texts are verbatim."""

    code = models.CharField(max_length=8, primary_key=True)
    from_use_case = models.CharField(max_length=32, choices=USE_CASE_CHOICES)
    position = models.PositiveSmallIntegerField()
    condition = models.CharField(max_length=60, help_text="Predicate key (D-21).")
    condition_text = models.CharField(max_length=120, help_text='Verbatim "If Using…".')
    product = models.CharField(
        max_length=40, blank=True, help_text="Blank: the target use case's first step."
    )
    feature = models.CharField(max_length=40, blank=True)
    target_use_case = models.CharField(
        max_length=32, blank=True, help_text='Blank: the same use case; "any": any other use case.'
    )
    target_text = models.CharField(max_length=120, help_text='Verbatim "They Might Need…".')
    why = models.TextField()
    conversation_starter = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_use_case", "position"]

    def __str__(self) -> str:
        return f"{self.code}: {self.condition_text} → {self.target_text}"


class RoleFamilyRule(models.Model):
    """D-1: a title keyword and the families it puts a contact in (first matching rules add up)."""

    keyword = models.CharField(
        max_length=60, unique=True, help_text="Matched as a whole word, case-insensitive."
    )
    families = models.JSONField(help_text='Role families, e.g. ["ai_ml", "engineering"].')
    exclusive = models.BooleanField(
        default=False, help_text="Only these families (D-1: data engineers are data only)."
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "keyword"]

    def __str__(self) -> str:
        return f"{self.keyword} → {', '.join(self.families)}"


class DiscoveryQuestion(models.Model):
    """DQ-1 / DQ-2: a question with the pain it reveals and PostHog's advantage."""

    class Scope(models.TextChoices):
        GENERAL = "general", "General"
        PRODUCT = "product", "Product"
        USE_CASE = "use_case", "Use case"
        ERROR_TRACKING_REVIEW = "error_tracking_review", "Error Tracking account review"
        CHAT_CUE = "chat_cue", "Error Tracking chat cue"

    scope = models.CharField(max_length=24, choices=Scope.choices)
    product = models.CharField(max_length=40, blank=True)
    use_case = models.CharField(max_length=32, blank=True, choices=USE_CASE_CHOICES)
    text = models.TextField()
    pain_revealed = models.TextField(blank=True)
    posthog_advantage = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=80, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scope", "product", "use_case", "order"]

    def __str__(self) -> str:
        return self.text[:60]


class CrossSellSettings(models.Model):
    """P-6: one version of the cross-sell numbers; the newest row is in force, old ones stay."""

    params = models.JSONField(default=dict, help_text="crosssell.engine.Policy fields; missing = default.")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "cross-sell settings"

    def __str__(self) -> str:
        return f"Cross-sell settings v{self.pk}"
