"""Computed quota figures (quota.md Entities: MonthQuota, AttainmentLine, TeamQuota) and the runs
that wrote them. Every row keeps its explanation, the inputs hash and the policy version it was
computed under; the recompute writes only rows whose figures changed, with a history row each.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .policy import QuotaPeriod, QuotaPolicyVersion


def _money(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class Eligibility(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    DEFERRED_FIRST_INVOICES = "deferred_first_invoices", "Deferred: first 2 invoices (C-5)"
    DEFERRED_UNPAID_AT_CUTOFF = "deferred_unpaid_at_cutoff", "Deferred: unpaid at cutoff (C-4)"


class Bucket(models.TextChoices):
    """QD-17: the statement's four buckets (labels provisional)."""

    MONTHLY_CHANGE = "monthly_change", "Monthly customer ARR change"
    ANNUAL_ABOVE_RUN_RATE = "annual_above_run_rate", "Annual usage above run rate"
    NEW_CUSTOMER = "new_customer", "New customers"
    CHURN_AND_ADJUSTMENTS = "churn_and_adjustments", "Churn and adjustments"


class MonthQuota(models.Model):
    """One account x month (Q-2…Q-4, Q-9, Q-10), as computed for the quarter holding the month."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="month_quotas")
    month = models.DateField(help_text="The first day of the month.")
    invoice_count = models.PositiveSmallIntegerField(default=0)
    invoice_amount = _money()
    paid_products = models.JSONField(default=list)
    paid_count = models.PositiveSmallIntegerField(default=0)
    multiplier = models.DecimalField(max_digits=4, decimal_places=2)
    run_rate = _money(null=True, blank=True, help_text="Q-9: R, shown to cents (kept exact in the maths).")
    quota_amount = _money()
    legacy_suppressed = models.BooleanField(default=False)
    policy_version = models.ForeignKey(QuotaPolicyVersion, on_delete=models.PROTECT, related_name="+")
    explanation = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="month_quota_one_per_account_month"),
        ]
        indexes = [models.Index(fields=["month", "account"], name="month_quota_month_account")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m}: {self.quota_amount}"


class AttainmentLine(models.Model):
    """One period x TAM x account: the explanation of one account's part of a TAM's attainment."""

    period = models.ForeignKey(QuotaPeriod, on_delete=models.PROTECT, related_name="attainment_lines")
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attainment_lines"
    )
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="attainment_lines")
    # ARR
    starting_arr = _money()
    ending_arr = _money()
    k_prev = models.PositiveSmallIntegerField(null=True, blank=True)
    k_curr = models.PositiveSmallIntegerField(null=True, blank=True)
    raw_contribution = _money()
    contribution = _money(help_text="After grace (Q-8).")
    # churn and contracts (Q-7…Q-11)
    churned = models.BooleanField(default=False)
    churn_date = models.DateField(null=True, blank=True)
    grace_applied = models.BooleanField(default=False)
    reference_run_rate = _money(null=True, blank=True)
    legacy_suppressed = models.BooleanField(default=False)
    out_of_policy_excluded = models.BooleanField(default=False)
    # adjustments and what counts (Q-13, C-4…C-6)
    exclusion_amount = _money(default=0)
    adjusted_contribution = _money()
    counted = _money(help_text="What this line adds to attainment this quarter, deferrals excluded.")
    deferred_out = _money(default=0)
    released_in = _money(default=0)
    released_from = models.JSONField(default=list, help_text="Quarters whose deferrals were released here.")
    bucket = models.CharField(max_length=24, choices=Bucket.choices)
    eligibility = models.CharField(max_length=26, choices=Eligibility.choices, default=Eligibility.ELIGIBLE)
    provisional = models.BooleanField(default=True)
    pending_removal = models.BooleanField(default=False)
    explanation = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64)
    policy_version = models.ForeignKey(QuotaPolicyVersion, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "rep", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "rep", "account"], name="attainment_line_one_per_period_rep_account"
            ),
        ]
        indexes = [
            models.Index(fields=["account", "period"], name="attainment_line_account_period"),
            models.Index(fields=["rep", "period"], name="attainment_line_rep_period"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.rep_id} {self.account_id}: {self.adjusted_contribution}"

    @property
    def attainment(self):
        """Q-13: what the line adds to the TAM's attainment this quarter."""
        return self.counted + self.released_in


class TeamQuota(models.Model):
    """T-2, T-3: a team's quota for a period; `edited_reason` records a manual leaver edit (QD-21)."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="team_quotas")
    period = models.ForeignKey(QuotaPeriod, on_delete=models.PROTECT, related_name="team_quotas")
    total = _money()
    edited_reason = models.TextField(blank=True)
    explanation = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64)
    policy_version = models.ForeignKey(QuotaPolicyVersion, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "team"]
        constraints = [
            models.UniqueConstraint(fields=["team", "period"], name="team_quota_one_per_team_period")
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.period}: {self.total}"


class TeamQuotaReason(models.TextChoices):
    RAMPED = "ramped", "Ramped"
    RAMPING = "ramping", "Ramping"
    TEAM_LEAD = "team_lead", "Team lead"
    JOINED_MID_QUARTER = "joined_mid_quarter", "Joined mid-quarter"
    LEFT_RECALCULATED = "left_recalculated", "Left, recalculated"


class TeamQuotaLine(models.Model):
    team_quota = models.ForeignKey(TeamQuota, on_delete=models.CASCADE, related_name="lines")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    member_quota = _money()
    counted_pct = models.PositiveSmallIntegerField()
    counted_quota = _money()
    reason = models.CharField(max_length=20, choices=TeamQuotaReason.choices)
    explanation = models.JSONField(default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team_quota", "member"]
        constraints = [
            models.UniqueConstraint(fields=["team_quota", "member"], name="team_quota_line_one_per_member"),
            models.CheckConstraint(
                condition=Q(counted_pct__in=[0, 50, 100]),
                name="team_quota_line_counted_pct",
                violation_error_message="A member counts at 100, 50 or 0 percent.",
            ),
        ]


    def __str__(self) -> str:
        return f"{self.member_id}: {self.counted_pct}% of {self.member_quota}"


class RunTrigger(models.TextChoices):
    NIGHTLY = "nightly", "Nightly"
    INVOICE = "invoice", "Invoice changed"
    COMMAND = "command", "manage.py recompute_quota"
    DEMO = "demo", "Demo data"


class QuotaRun(models.Model):
    """One recompute of one period: what it read (inputs hash), under which policy, what it wrote."""

    period = models.ForeignKey(QuotaPeriod, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(max_length=8, choices=RunTrigger.choices)
    today = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    policy_version = models.ForeignKey(QuotaPolicyVersion, on_delete=models.PROTECT, related_name="+")
    account_count = models.PositiveIntegerField(default=0)
    chunk_size = models.PositiveIntegerField(default=0)
    chunk_count = models.PositiveIntegerField(default=0)
    rows_written = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64, blank=True)
    explanation = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period} {self.trigger} run at {self.started_at:%Y-%m-%d %H:%M}"
