"""What the nightly chain computes and keeps: facts, classification, state, episodes, cards and
runs (J-1…J-3). Every computed row carries its inputs or explanation and keeps history."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.models import Account

from .reference import USE_CASE_CHOICES


def _user(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name
    )


class AccountFacts(models.Model):
    """J-1 step 2: the read-only inputs of every rule, per account and day (`facts` is the
    engine input as JSON, `sources` says where each figure came from)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_facts")
    date = models.DateField()
    facts = models.JSONField()
    sources = models.JSONField(default=dict, blank=True)
    multiplier = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="quota.md's multiplier of the last full month; null until quota's selector lands.",
    )
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account", "-date"]
        constraints = [models.UniqueConstraint(fields=["account", "date"], name="xs_facts_one_per_day")]

    def __str__(self) -> str:
        return f"{self.account} facts {self.date}"


class UseCaseAssignment(models.Model):
    """CLS-2…5 per account and use case, as computed (an override lives on the state)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_use_cases")
    use_case = models.CharField(max_length=32, choices=USE_CASE_CHOICES)
    status = models.CharField(max_length=10, default="none")  # primary | secondary | relevant | none
    live = models.BooleanField(default=False)
    attributed_spend = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    active_products = models.PositiveSmallIntegerField(default=0)
    core_buyer_active_members = models.PositiveIntegerField(default=0)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    evaluated_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "use_case"]
        constraints = [
            models.UniqueConstraint(fields=["account", "use_case"], name="xs_use_case_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.use_case}: {self.status}"


class AccountCrossSellState(models.Model):
    """One per account: primary (computed vs override), phase, window, first team, explanation."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="crosssell_state")
    computed_primary_use_case = models.CharField(max_length=32, blank=True)
    primary_use_case = models.CharField(
        max_length=32, blank=True, help_text="In force; blank = «Unclassified»."
    )
    secondary_use_cases = models.JSONField(default=list, blank=True)
    override_use_case = models.CharField(max_length=32, blank=True, choices=USE_CASE_CHOICES)
    override_reason = models.TextField(blank=True)
    override_by = _user()
    override_at = models.DateTimeField(null=True, blank=True)
    first_team = models.CharField(max_length=120, blank=True)
    phase = models.CharField(max_length=12, default="trojan_hog")
    phase_since = models.DateField(null=True, blank=True)
    phase_evidence = models.TextField(blank=True)
    phase_override = models.CharField(max_length=12, blank=True)
    phase_override_reason = models.TextField(blank=True)
    window = models.CharField(max_length=14, default="none")
    contract_month = models.PositiveSmallIntegerField(null=True, blank=True)
    replay_prohibited = models.BooleanField(default=False)
    replay_prohibited_reason = models.TextField(blank=True)
    data_engineer_owner_cleared_on = models.DateField(
        null=True, blank=True, help_text="PAUSE-8 cleared by a TAM (reason in the history)."
    )
    data_engineer_owner_cleared_reason = models.TextField(blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    last_evaluated_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(override_use_case="") | ~models.Q(override_reason=""),
                name="xs_state_override_needs_reason",
                violation_error_message="override_reason: an override needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.primary_use_case or 'Unclassified'}"


class TriggerEpisode(models.Model):
    """J-3: one run of a trigger's condition on an account; ends after 14 false days."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_episodes")
    trigger_key = models.CharField(max_length=40)
    subject = models.CharField(max_length=60, help_text="Product key, team or event id.")
    started_on = models.DateField()
    last_true_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["account", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "trigger_key", "subject"],
                condition=models.Q(ended_on__isnull=True),
                name="xs_one_open_episode",
            ),
        ]
        indexes = [models.Index(fields=["started_on"], name="xs_episode_started")]

    def __str__(self) -> str:
        return f"{self.trigger_key} on {self.account} since {self.started_on}"


class RecommendationKind(models.TextChoices):
    PRODUCT_CARD = "product_card", "Product card"
    TASK = "task", "Task"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    SUPPRESSED = "suppressed", "Suppressed"
    SNOOZED = "snoozed", "Snoozed"
    DISMISSED = "dismissed", "Dismissed"
    ACTIONED = "actioned", "Actioned"
    EXPIRED = "expired", "Expired"


class Recommendation(models.Model):
    """A panel card or task, upserted by `key` (product[:feature], or trigger:subject)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="crosssell_recommendations")
    kind = models.CharField(max_length=12, choices=RecommendationKind.choices)
    key = models.CharField(max_length=100)
    product = models.CharField(max_length=40, blank=True)
    feature = models.CharField(max_length=40, blank=True)
    trigger_key = models.CharField(max_length=40, blank=True)
    subject = models.CharField(max_length=60, blank=True)
    text = models.TextField(blank=True)
    target_use_case = models.CharField(max_length=32, blank=True)
    motion = models.CharField(max_length=12, blank=True)
    tier = models.PositiveSmallIntegerField(default=0)
    path_position = models.PositiveSmallIntegerField(null=True, blank=True)
    maturity = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=12, choices=RecommendationStatus.choices)
    why_this = models.TextField(blank=True)
    why_now = models.JSONField(default=list, blank=True)  # [{kind, ref, label, since}]
    why_not_now = models.JSONField(
        default=list, blank=True
    )  # [{reason, label, since, reopens_when, reopens_on}]
    rank = models.PositiveSmallIntegerField(default=0)
    snoozed_until = models.DateField(null=True, blank=True)
    dismiss_reason = models.TextField(blank=True)
    dismissed_on = models.DateField(null=True, blank=True)
    dismissed_trigger_keys = models.JSONField(default=list, blank=True)
    first_seen_on = models.DateField()
    last_candidate_on = models.DateField()
    updated_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "kind", "key"], name="xs_recommendation_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="dismissed") | ~models.Q(dismiss_reason=""),
                name="xs_dismiss_needs_reason",
                violation_error_message="dismiss_reason: dismissing needs a reason.",
            ),
        ]
        indexes = [models.Index(fields=["account", "status"], name="xs_rec_account_status")]

    def __str__(self) -> str:
        return f"{self.key} on {self.account}: {self.status}"


class CrossSellRun(models.Model):
    """J-1: one run of the chain, with counts, per-account errors and queries per chunk."""

    as_of = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accounts = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)  # [{account_id, error}]
    chunk_queries = models.JSONField(default=list, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    scope = models.CharField(max_length=20, default="nightly")  # nightly | account

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Cross-sell run {self.as_of} ({self.accounts} accounts)"
