"""Book of business, rep plans and team memberships (quota.md Entities). All audited."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

QUARTER_ENDS = {(3, 31), (6, 30), (9, 30), (12, 31)}


def validate_quarter_end(value: date) -> None:
    """B-4: removals take effect on a quarter's last day, after that quarter's calculation."""
    if value is not None and (value.month, value.day) not in QUARTER_ENDS:
        raise ValidationError("A book membership ends on a quarter's last day.", code="not_quarter_end")


class BookSource(models.TextChoices):
    INITIAL_BOOK = "initial_book", "Initial book"
    INHERITED_WITH_PREVIOUS_OWNER = "inherited_with_previous_owner", "Inherited with previous owner"
    UNOWNED_ASSIGNMENT = "unowned_assignment", "Unowned assignment"
    PRODUCT_LED_LEAD = "product_led_lead", "Product-led lead"
    TAE_HANDOFF = "tae_handoff", "TAE handoff"
    CSM_TO_TAM = "csm_to_tam", "CSM to TAM"


class ConversionPlan(models.TextChoices):
    PREPAID_CREDIT_CONVERSION = "prepaid_credit_conversion", "Prepaid credit conversion"
    CROSS_PRODUCT_ADOPTION = "cross_product_adoption", "Cross-product adoption"


class RemovalReason(models.TextChoices):
    HANDED_OVER = "handed_over", "Handed over"
    CHURNED = "churned", "Churned"
    BELOW_FLOOR = "below_floor", "Below the ARR floor"
    CSM_HANDOFF = "csm_handoff", "CSM handoff"
    REBALANCE = "rebalance", "Rebalance"


class RepRole(models.TextChoices):
    TAM = "tam", "Technical Account Manager"


def _user_fk(related_name: str, **extra) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, related_name=related_name, **extra)


class BookMembership(models.Model):
    """The dated record behind the `AM Managed` segment: open while `ended_on` is empty."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="book_memberships")
    tam = _user_fk("book_memberships", on_delete=models.PROTECT)
    added_on = models.DateField()
    added_by = _user_fk("+", null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=32, choices=BookSource.choices)
    grace_until = models.DateField(help_text="added_on + 3 calendar months (QD-9).")
    decision_deadline = models.DateField(null=True, blank=True, help_text="B-8: added_on + 3 months.")
    conversion_plan = models.CharField(max_length=32, choices=ConversionPlan.choices, blank=True)
    previously_paid = models.BooleanField(default=False)

    removal_requested_on = models.DateField(null=True, blank=True)
    removal_reason = models.CharField(max_length=16, choices=RemovalReason.choices, blank=True)
    pending_removal = models.BooleanField(default=False)
    ended_on = models.DateField(null=True, blank=True, validators=[validate_quarter_end])
    ended_by = _user_fk("+", null=True, blank=True, on_delete=models.SET_NULL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-added_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "tam"],
                condition=Q(ended_on__isnull=True),
                name="book_membership_one_open_per_account_tam",
                violation_error_message="This account is already in this TAM's book.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("added_on")),
                name="book_membership_ended_after_added",
                violation_error_message="A membership cannot end before it was added.",
            ),
            models.CheckConstraint(
                condition=Q(grace_until__gte=F("added_on")),
                name="book_membership_grace_after_added",
                violation_error_message="Grace cannot end before the account was added.",
            ),
            models.CheckConstraint(
                condition=Q(decision_deadline__isnull=True) | Q(decision_deadline__gte=F("added_on")),
                name="book_membership_deadline_after_added",
                violation_error_message="The decision deadline cannot be before the account was added.",
            ),
            models.CheckConstraint(
                condition=~Q(source=BookSource.PRODUCT_LED_LEAD) | ~Q(conversion_plan=""),
                name="book_membership_lead_has_conversion_plan",
                violation_error_message="A product-led lead joins the book only with a conversion plan "
                "(B-8).",
            ),
            models.CheckConstraint(
                condition=Q(removal_requested_on__isnull=True) | Q(removal_requested_on__gte=F("added_on")),
                name="book_membership_removal_after_added",
                violation_error_message="Removal cannot be requested before the account was added.",
            ),
            models.CheckConstraint(
                condition=Q(pending_removal=False) | ~Q(removal_reason=""),
                name="book_membership_pending_removal_has_reason",
                violation_error_message="A pending removal needs a removal reason.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(removal_reason=""),
                name="book_membership_ended_has_reason",
                violation_error_message="An ended membership needs a removal reason.",
            ),
        ]
        indexes = [
            models.Index(fields=["tam", "ended_on"], name="book_membership_tam_open"),
            models.Index(fields=["account", "ended_on"], name="book_membership_account_open"),
        ]

    def __str__(self) -> str:
        return f"{self.account} in {self.tam}'s book since {self.added_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class RepPlan(models.Model):
    """A rep's compensation plan, versioned by `valid_from`."""

    rep = _user_fk("rep_plans", on_delete=models.PROTECT)
    role = models.CharField(max_length=8, choices=RepRole.choices, default=RepRole.TAM)
    role_start_date = models.DateField()
    ote_annual = models.DecimalField(max_digits=14, decimal_places=2)
    base_pct = models.DecimalField(max_digits=7, decimal_places=2, default=50)
    variable_pct = models.DecimalField(max_digits=7, decimal_places=2, default=50)
    # A copy of accounts.User.is_team_lead (the one source) as it was for this plan version.
    is_team_lead = models.BooleanField(default=False)
    team_lead_since = models.DateField(null=True, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="rep_plans"
    )
    valid_from = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["rep", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rep", "valid_from"], name="rep_plan_one_version_per_day"),
            models.CheckConstraint(
                condition=Q(ote_annual__gte=0), name="rep_plan_ote_non_negative",
                violation_error_message="OTE cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(base_pct__gte=0, variable_pct__gte=0)
                & Q(base_pct=100 - F("variable_pct")),
                name="rep_plan_split_sums_to_100",
                violation_error_message="Base and variable percentages add up to 100.",
            ),
        ]
        indexes = [models.Index(fields=["rep", "-valid_from"], name="rep_plan_rep_valid_from")]

    def __str__(self) -> str:
        return f"{self.rep} plan from {self.valid_from}"


class TeamMembership(models.Model):
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="team_memberships")
    rep = _user_fk("team_memberships", on_delete=models.PROTECT)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "-joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "rep"],
                condition=Q(left_on__isnull=True),
                name="team_membership_one_open_per_team_rep",
                violation_error_message="This rep is already a member of this team.",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="team_membership_left_after_joined",
                violation_error_message="A member cannot leave before joining.",
            ),
        ]
        indexes = [models.Index(fields=["rep", "left_on"], name="team_membership_rep_open")]

    def __str__(self) -> str:
        return f"{self.rep} in {self.team} from {self.joined_on}"
