"""Prepaid credit: purchases, the app's grant ledger and what invoices drew from it (B-17…B-33).

Dates follow contracts.md: end dates are exclusive (a 12-month term from 2025-01-01 ends
2026-01-01).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .base import money, non_negative, percent, stripe_id_validator


class CreditPurchaseSource(models.TextChoices):
    SALES_CONTRACT = "SALES_CONTRACT", "Sales contract (order form)"
    SELF_SERVE = "SELF_SERVE", "Self-serve"


class CreditPurchaseBilling(models.TextChoices):
    UPFRONT = "upfront", "Upfront"
    MONTHLY = "monthly", "Monthly"


class CreditPurchaseStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    INVOICED = "INVOICED", "Invoiced"
    ACTIVE = "ACTIVE", "Active"
    EXPIRED = "EXPIRED", "Expired"
    RENEWED = "RENEWED", "Renewed"


class CreditPurchase(models.Model):
    """A prepaid purchase. end_date, first_half_end and annual_spend are stored derivations."""

    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.PROTECT, related_name="credit_purchases"
    )
    source = models.CharField(
        max_length=14, choices=CreditPurchaseSource.choices,
        default=CreditPurchaseSource.SALES_CONTRACT,
    )
    salesforce_opportunity_id = models.CharField(max_length=18, blank=True, db_index=True)
    credit_amount = money(help_text="Before discount, whole term.")
    price = money(help_text="After discount, whole term.")
    discount_percent = percent(default=0)
    term_months = models.PositiveSmallIntegerField(default=12)
    billing = models.CharField(
        max_length=7, choices=CreditPurchaseBilling.choices, default=CreditPurchaseBilling.UPFRONT
    )
    prepaid_years = models.PositiveSmallIntegerField(
        default=1, help_text="Years paid up front, 1…term years; fewer = paid yearly (B-25)."
    )
    start_date = models.DateField()
    end_date = models.DateField(help_text="start_date + term_months, exclusive.")
    first_half_end = models.DateField(help_text="start_date + ⌊term_months / 2⌋ months.")
    annual_spend = money(help_text="price x 12 / term_months.")
    renewal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    expansion_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="expansions"
    )
    status = models.CharField(
        max_length=8, choices=CreditPurchaseStatus.choices, default=CreditPurchaseStatus.DRAFT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["billing_customer", "start_date"], name="billing_cp_customer_start"),
            models.Index(fields=["status", "end_date"], name="billing_cp_status_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_amount__gt=0),
                name="billing_cp_credit_amount_positive",
                violation_error_message="The credit amount is above zero.",
            ),
            *non_negative("cp", "price", "annual_spend"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
                name="billing_cp_discount_0_to_100",
                violation_error_message="The discount is between 0 and 100 percent.",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1),
                name="billing_cp_term_at_least_one_month",
                violation_error_message="A term lasts at least one month.",
            ),
            models.CheckConstraint(
                # 1 ≤ prepaid_years ≤ ⌈term_months / 12⌉, written without division.
                condition=Q(prepaid_years__gte=1)
                & Q(term_months__gt=(F("prepaid_years") - 1) * 12),
                name="billing_cp_prepaid_years_within_term",
                violation_error_message="Prepaid years run from 1 to the term's years.",
            ),
            models.CheckConstraint(
                condition=~Q(billing=CreditPurchaseBilling.MONTHLY) | Q(prepaid_years=1),
                name="billing_cp_monthly_prepays_one_year",
                violation_error_message="A monthly-billed purchase prepays no extra years.",
            ),
            models.CheckConstraint(
                condition=~Q(source=CreditPurchaseSource.SELF_SERVE) | Q(term_months=12),
                name="billing_cp_self_serve_twelve_months",
                violation_error_message="A self-serve purchase lasts 12 months (B-23).",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="billing_cp_end_after_start",
                violation_error_message="A purchase ends after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(first_half_end__gte=F("start_date"), first_half_end__lt=F("end_date")),
                name="billing_cp_first_half_inside_term",
                violation_error_message="The first half ends inside the term.",
            ),
            models.CheckConstraint(
                condition=~Q(renewal_of=F("pk")) & ~Q(expansion_of=F("pk")),
                name="billing_cp_not_own_parent",
                violation_error_message="A purchase neither renews nor expands itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.billing_customer} · {self.credit_amount} from {self.start_date}"


class CreditGrantKind(models.TextChoices):
    ONE_TIME = "ONE_TIME", "One-time credit"
    STARTUP_PLAN = "STARTUP_PLAN", "Startup plan"
    PREPAID_CONTRACT = "PREPAID_CONTRACT", "Prepaid contract"
    SELF_SERVE_TRANCHE = "SELF_SERVE_TRANCHE", "Self-serve tranche"
    EXPANSION = "EXPANSION", "Expansion"
    ROLLOVER = "ROLLOVER", "Rollover"
    RENEWAL_BRIDGE = "RENEWAL_BRIDGE", "Renewal bridge"
    STARTUP_ROLL_OFF = "STARTUP_ROLL_OFF", "Startup roll-off"
    CONTRACT_BUYOUT = "CONTRACT_BUYOUT", "Contract buyout"
    NEW_BUSINESS_RENEWAL = "NEW_BUSINESS_RENEWAL", "New business renewal"
    IMPORTED = "IMPORTED", "Imported (a Stripe credit not created by the app)"


class CreditGrantReason(models.TextChoices):
    FIRST_BIG_BILL = "first_big_bill", "First Big Bill"
    UNWANTED_SPIKE = "unwanted_spike", "Unwanted Spike"
    TRIAL_ACCOMMODATION = "trial_accommodation", "Trial Accommodation"
    PROMO_CREDIT = "promo_credit", "Promo Credit"
    INCIDENT_CREDIT = "incident_credit", "Incident Credit"
    BUG_CREDIT = "bug_credit", "Bug Credit"
    OTHER = "other", "Other"


class CreditGrantStatus(models.TextChoices):
    PENDING = "PENDING", "Pending (scheduled or awaiting payment)"
    APPLIED = "APPLIED", "Applied"
    EXHAUSTED = "EXHAUSTED", "Exhausted"
    EXPIRED = "EXPIRED", "Expired"
    ROLLED_OVER = "ROLLED_OVER", "Rolled over"
    VOID = "VOID", "Void"


def _balance_transaction_id(**kwargs) -> models.CharField:
    # Unique: a stored id means the Stripe write already happened (billing.md §4).
    return models.CharField(
        max_length=255, null=True, blank=True, unique=True,
        validators=[stripe_id_validator("cbtxn_")], **kwargs,
    )


class CreditGrant(models.Model):
    """One credit put on a Stripe balance; `remaining` is kept by the ledger services."""

    billing_customer = models.ForeignKey(
        "billing.BillingCustomer", on_delete=models.PROTECT, related_name="credit_grants"
    )
    stripe_customer = models.ForeignKey(
        "billing.StripeCustomer", on_delete=models.PROTECT, related_name="credit_grants",
        help_text="SINGLE, or USAGE in the amortized case.",
    )
    kind = models.CharField(max_length=20, choices=CreditGrantKind.choices)
    reason = models.CharField(
        max_length=19, choices=CreditGrantReason.choices, blank=True,
        help_text="Required for one-time credits, empty otherwise.",
    )
    amount = money()
    remaining = money(help_text="amount - Σ consumption - removal.")
    starts_on = models.DateField()
    applied_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateField(null=True, blank=True)
    credit_purchase = models.ForeignKey(
        CreditPurchase, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )
    tranche_index = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    reference_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(
        max_length=11, choices=CreditGrantStatus.choices, default=CreditGrantStatus.PENDING
    )
    stripe_balance_transaction_id = _balance_transaction_id()
    removal_balance_transaction_id = _balance_transaction_id()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="credit_grants_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["billing_customer", "status"], name="billing_grant_customer_status"),
            models.Index(fields=["stripe_customer", "expires_at"], name="billing_grant_cust_expiry"),
            models.Index(fields=["status", "starts_on"], name="billing_grant_status_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="billing_grant_amount_positive",
                violation_error_message="A grant's amount is above zero.",
            ),
            models.CheckConstraint(
                condition=Q(remaining__gte=0, remaining__lte=F("amount")),
                name="billing_grant_remaining_within_amount",
                violation_error_message="What remains is between zero and the amount.",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True) | Q(expires_at__gt=F("starts_on")),
                name="billing_grant_expires_after_start",
                violation_error_message="A grant expires after it starts.",
            ),
            models.CheckConstraint(
                condition=(Q(kind=CreditGrantKind.ONE_TIME) & ~Q(reason=""))
                | (~Q(kind=CreditGrantKind.ONE_TIME) & Q(reason="")),
                name="billing_grant_reason_iff_one_time",
                violation_error_message="One-time credits, and only they, have a reason.",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=CreditGrantKind.SELF_SERVE_TRANCHE, tranche_index__isnull=False,
                    tranche_index__lte=11,
                    credit_purchase__isnull=False,
                )
                | (~Q(kind=CreditGrantKind.SELF_SERVE_TRANCHE) & Q(tranche_index__isnull=True)),
                name="billing_grant_tranche_index",
                violation_error_message="Self-serve tranches, and only they, have an index 0 to 11.",
            ),
            models.UniqueConstraint(
                fields=["credit_purchase", "tranche_index"],
                condition=Q(tranche_index__isnull=False),
                name="billing_grant_one_per_tranche",
                violation_error_message="This purchase already has this tranche.",
            ),
            models.CheckConstraint(
                condition=~Q(status=CreditGrantStatus.PENDING) | Q(applied_at__isnull=True),
                name="billing_grant_pending_not_applied",
                violation_error_message="A pending grant has not been applied yet.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CreditGrantStatus.APPLIED, CreditGrantStatus.EXHAUSTED])
                | Q(applied_at__isnull=False),
                name="billing_grant_applied_has_date",
                violation_error_message="An applied grant records when it was applied.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} for {self.billing_customer}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (
            self.stripe_customer_id
            and self.billing_customer_id
            and self.stripe_customer.billing_customer_id != self.billing_customer_id
        ):
            errors["stripe_customer"] = "This Stripe customer belongs to another billing customer."
        if self.kind == CreditGrantKind.ONE_TIME:
            # B-19: "Always include enough context".
            if not (self.notes or self.reference_link):
                errors["notes"] = "Add internal notes or a reference link."
            elif self.reason == CreditGrantReason.OTHER and not self.notes:
                errors["notes"] = "A credit for another reason explains itself in the notes."
            if self.reason == CreditGrantReason.TRIAL_ACCOMMODATION and not self.expires_at:
                errors["expires_at"] = "A trial accommodation documents when it expires."
        if errors:
            raise ValidationError(errors)


class CreditConsumption(models.Model):
    """What one invoice drew from one grant (FIFO, D-11)."""

    grant = models.ForeignKey(CreditGrant, on_delete=models.PROTECT, related_name="consumptions")
    balance_transaction = models.ForeignKey(
        "billing.CustomerBalanceTransaction", null=True, blank=True, on_delete=models.PROTECT,
        related_name="credit_consumptions",
    )
    invoice = models.ForeignKey(
        "billing.Invoice", on_delete=models.PROTECT, related_name="credit_consumptions"
    )
    amount = money()

    class Meta:
        ordering = ["grant", "invoice"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="billing_consumption_amount_positive",
                violation_error_message="A consumption's amount is above zero.",
            ),
            models.UniqueConstraint(
                fields=["grant", "invoice"], name="billing_consumption_one_per_invoice",
                violation_error_message="This invoice already drew from this grant.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} of {self.grant} on {self.invoice}"
