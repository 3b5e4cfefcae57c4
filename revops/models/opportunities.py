"""The app-side Opportunity, one model for every record type (spec README; fields in crosssell.md).

Salesforce-origin opportunities stay in the read-only mirror a later issue builds; they link here
by `salesforce_opportunity_id`. Stage sets are billing.md's Salesforce stage enums per record type.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

EXPECTED_CLOSE_DAYS = 90


class RecordType(models.TextChoices):
    NEW_REVENUE = "new_revenue", "New Revenue"
    NEW_REVENUE_EXISTING_CUSTOMER = "new_revenue_existing_customer", "New revenue - existing customer"
    EXISTING_CONVERT_TO_ANNUAL = "existing_convert_to_annual", "Existing - Convert to Annual"
    RENEWAL = "renewal", "Renewal"


class OpportunityStage(models.TextChoices):
    # New and existing business (billing.md Integrations)
    PROBLEM_AGREEMENT = "problem_agreement", "Problem Agreement"
    SOLUTION_AGREEMENT = "solution_agreement", "Solution Agreement"
    PRIORITY_AGREEMENT = "priority_agreement", "Priority Agreement"
    COMMERCIAL_AGREEMENT = "commercial_agreement", "Commercial Agreement"
    VENDOR_APPROVAL = "vendor_approval", "Vendor Approval"
    # Cross-sell (crosssell.md OPP-3)
    DISCOVERY = "discovery", "Discovery"
    DEMO = "demo", "Demo"
    TRIAL = "trial", "Trial"
    # Renewal
    QUALIFICATION = "qualification", "Qualification"
    MEETING_BOOKED = "meeting_booked", "Meeting booked"
    PRODUCT_EVALUATION = "product_evaluation", "Product Evaluation"
    COMMERCIAL_LEGAL_REVIEW = "commercial_legal_review", "Commercial & Legal Review"
    # Every set ends in these two.
    CLOSED_WON = "closed_won", "Closed Won"
    CLOSED_LOST = "closed_lost", "Closed Lost"


S = OpportunityStage
CLOSED_STAGES = (S.CLOSED_WON, S.CLOSED_LOST)
BUSINESS_STAGES = (
    S.PROBLEM_AGREEMENT, S.SOLUTION_AGREEMENT, S.PRIORITY_AGREEMENT, S.COMMERCIAL_AGREEMENT,
    S.VENDOR_APPROVAL, *CLOSED_STAGES,
)
CROSS_SELL_STAGES = (S.DISCOVERY, S.DEMO, S.TRIAL, *CLOSED_STAGES)
RENEWAL_STAGES = (
    S.QUALIFICATION, S.MEETING_BOOKED, S.PRODUCT_EVALUATION, S.COMMERCIAL_LEGAL_REVIEW, *CLOSED_STAGES,
)


class ClosedLostReason(models.TextChoices):
    PRIVACY_COMPLIANCE = "privacy_compliance", "Privacy / compliance"
    ALREADY_IN_HOUSE_OR_OTHER_TOOL = "already_in_house_or_other_tool", "Already in-house or another tool"
    OWN_DATA_WAREHOUSE = "own_data_warehouse", "Own data warehouse"
    NO_TIME_OR_RESOURCES = "no_time_or_resources", "No time or resources"
    NOT_BUDGETED = "not_budgeted", "Not budgeted"
    CHAMPION_NOT_DECISION_MAKER = "champion_not_decision_maker", "Champion is not the decision maker"
    NO_CLEAR_USE_CASE = "no_clear_use_case", "No clear use case"
    UNRESPONSIVE = "unresponsive", "Unresponsive"
    OTHER = "other", "Other"


def default_expected_close() -> date:
    """crosssell.md: expected close defaults to created + 90 days."""
    return timezone.localdate() + timedelta(days=EXPECTED_CLOSE_DAYS)


_cross_sell = Q(target_product__isnull=False)


class Opportunity(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="opportunities")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    record_type = models.CharField(max_length=40, choices=RecordType.choices)
    stage = models.CharField(max_length=32, choices=OpportunityStage.choices)
    expected_close_on = models.DateField(default=default_expected_close)
    salesforce_opportunity_id = models.CharField(max_length=18, blank=True)
    # Settable (not auto_now_add) so reports over past quarters can be built and tested.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)  # billing.md D-41: newer change wins
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Cross-sell fields: set only on a `new_revenue_existing_customer` opportunity.
    target_product = models.ForeignKey(
        "billing.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="opportunities"
    )
    target_use_case = models.CharField(max_length=40, blank=True, help_text="Use-case key (crosssell.md).")
    expected_mrr = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    is_trial_poc = models.BooleanField(default=False)
    motion_note = models.TextField(blank=True)
    precheck = models.JSONField(default=dict, blank=True, help_text="OPP-6: the five checklist answers.")
    discovery_at = models.DateTimeField(null=True, blank=True)
    closed_lost_reason = models.CharField(max_length=40, choices=ClosedLostReason.choices, blank=True)
    closed_lost_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=~_cross_sell | Q(record_type=RecordType.NEW_REVENUE_EXISTING_CUSTOMER),
                name="opportunity_cross_sell_is_new_revenue_existing_customer",
                violation_error_message="A target product is only set on a 'New revenue - existing "
                "customer' opportunity.",
            ),
            models.CheckConstraint(
                condition=(Q(record_type=RecordType.RENEWAL) & Q(stage__in=RENEWAL_STAGES))
                | (_cross_sell & Q(stage__in=CROSS_SELL_STAGES))
                | (~Q(record_type=RecordType.RENEWAL) & ~_cross_sell & Q(stage__in=BUSINESS_STAGES)),
                name="opportunity_stage_in_record_type_set",
                violation_error_message="The stage is not one of this record type's stages.",
            ),
            models.CheckConstraint(
                condition=(Q(stage__in=CLOSED_STAGES) & Q(closed_at__isnull=False))
                | (~Q(stage__in=CLOSED_STAGES) & Q(closed_at__isnull=True)),
                name="opportunity_closed_at_iff_closed",
                violation_error_message="closed_at is set exactly when the stage is Closed Won or Lost.",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("created_at")),
                name="opportunity_closed_after_created",
                violation_error_message="An opportunity cannot close before it was created.",
            ),
            models.CheckConstraint(
                condition=Q(expected_mrr__isnull=True) | Q(expected_mrr__gte=0),
                name="opportunity_expected_mrr_non_negative",
                violation_error_message="Expected MRR cannot be negative.",
            ),
            models.CheckConstraint(
                condition=~_cross_sell | ~Q(motion_note=""),
                name="opportunity_cross_sell_has_motion_note",
                violation_error_message="A cross-sell opportunity needs a motion note (OPP-1).",
            ),
            models.CheckConstraint(
                condition=Q(closed_lost_reason="") | Q(stage=OpportunityStage.CLOSED_LOST),
                name="opportunity_lost_reason_only_when_lost",
                violation_error_message="A closed-lost reason is only set on a Closed Lost opportunity.",
            ),
            models.CheckConstraint(
                condition=~(_cross_sell & Q(stage=OpportunityStage.CLOSED_LOST))
                | (~Q(closed_lost_reason="") & ~Q(closed_lost_note="")),
                name="opportunity_cross_sell_lost_has_reason_and_note",
                violation_error_message="Closed Lost needs a reason and a note (OPP-3).",
            ),
            models.UniqueConstraint(
                fields=["salesforce_opportunity_id"],
                condition=~Q(salesforce_opportunity_id=""),
                name="opportunity_unique_salesforce_id",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "stage"], name="opportunity_account_stage"),
            models.Index(fields=["owner", "stage"], name="opportunity_owner_stage"),
            models.Index(fields=["record_type", "stage"], name="opportunity_type_stage"),
            models.Index(fields=["target_product", "stage"], name="opportunity_product_stage"),
            models.Index(fields=["expected_close_on"], name="opportunity_expected_close"),
        ]

    def __str__(self) -> str:
        what = f" · {self.target_product_id}" if self.target_product_id else ""
        return f"{self.account} - {self.get_record_type_display()}{what}"

    @property
    def is_cross_sell(self) -> bool:
        return self.target_product_id is not None

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES
