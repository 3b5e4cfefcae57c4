"""The order form, i.e. the contract document (revops.md OrderForm, states O-15).

The pricing inputs and outputs are stored as the engine produced them; the approval workflow,
the policy version and the approval foreign keys arrive with the issues that build them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class OrderFormKind(models.TextChoices):
    NEW = "new", "New"
    MONTHLY_TO_ANNUAL = "monthly_to_annual", "Monthly to annual"
    RENEWAL = "renewal", "Renewal"
    ADDITIONAL_PURCHASE = "additional_purchase", "Additional purchase"


class BillingSchedule(models.TextChoices):
    UPFRONT = "upfront", "Upfront"
    MONTHLY = "monthly", "Monthly"


class PaymentMethod(models.TextChoices):
    # O-13: "We absolutely do not allow payment by check."
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CREDIT_CARD = "credit_card", "Credit card"


class ActivationMode(models.TextChoices):
    NEW_CUSTOMER_START = "new_customer_start", "New customer start"
    IMMEDIATE_ACTIVATION = "immediate_activation", "Immediate activation"
    NEXT_BILLING_CYCLE = "next_billing_cycle", "Next billing cycle"
    STARTUP_DEFERRED = "startup_deferred", "Startup deferred"


class GoverningTerms(models.TextChoices):
    STANDARD_TERMS = "standard_terms", "Standard terms"
    MSA = "msa", "MSA"


class OrderFormStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_APPROVAL = "pending_approval", "Pending approval"
    READY = "ready", "Ready"
    SENT = "sent", "Sent"
    CLIENT_SIGNED = "client_signed", "Client signed"
    COMPLETED = "completed", "Completed"
    CLOSED_WON = "closed_won", "Closed won"
    ACTIVE = "active", "Active"
    RENEWED = "renewed", "Renewed"
    EXPIRED = "expired", "Expired"
    VOID = "void", "Void"


def _percent_field() -> models.DecimalField:
    return models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)


def _money_field(**extra) -> models.DecimalField:
    return models.DecimalField(max_digits=14, decimal_places=2, **extra)


def _percent_in_range(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


def _non_negative(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})


class OrderForm(models.Model):
    # Parties
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="order_forms")
    opportunity = models.ForeignKey(
        "revops.Opportunity", null=True, blank=True, on_delete=models.PROTECT, related_name="order_forms"
    )
    kind = models.CharField(max_length=24, choices=OrderFormKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="The original form for an additional purchase; the predecessor for a renewal.",
    )
    title = models.CharField(max_length=255, blank=True)
    client_legal_name = models.CharField(max_length=255, blank=True, help_text="Client.Company")
    client_address = models.TextField(blank=True)
    client_signer_name = models.CharField(max_length=200, blank=True)
    client_signer_email = models.EmailField(blank=True)
    posthog_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="signed_order_forms", help_text="The responsible owner: TAE, TAM or CSM.",
    )

    # Terms
    credit_amount = _money_field(help_text="Total Credit Amount, before discounts.")
    term_months = models.PositiveSmallIntegerField(default=12)
    prepaid_years = models.PositiveSmallIntegerField(default=1)
    billing = models.CharField(max_length=8, choices=BillingSchedule.choices, default=BillingSchedule.UPFRONT)
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    payment_method = models.CharField(
        max_length=16, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER
    )

    # Dates: end_date = effective_date + term_months - 1 day, stored by the service that sets them.
    activation_mode = models.CharField(max_length=24, choices=ActivationMode.choices)
    effective_date = models.DateField()
    end_date = models.DateField()

    # Pricing, as the pricing engine answered it
    nonprofit = models.BooleanField(default=False)
    components = models.JSONField(default=dict, blank=True)
    policy_discount_pct = _percent_field()
    discount_pct = _percent_field()
    price = _money_field(null=True, blank=True)
    annual_price = _money_field(null=True, blank=True)
    custom_pricing = models.BooleanField(default=False)
    within_policy = models.BooleanField(default=True)
    counts_toward_quota = models.BooleanField(default=True, help_text="Derived (A-1).")

    # Legal and lifecycle
    governing_terms = models.CharField(
        max_length=16, choices=GoverningTerms.choices, default=GoverningTerms.STANDARD_TERMS
    )
    msa_execution_date = models.DateField(null=True, blank=True)
    enterprise_plan_line = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=OrderFormStatus.choices, default=OrderFormStatus.DRAFT)
    document_link = models.URLField(max_length=500, blank=True)
    signed_pdf = models.FileField(upload_to="order_forms/%Y/%m/", blank=True)
    client_signed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_won_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    # billing.md CreditPurchase (source SALES_CONTRACT), created DRAFT when the form is Closed Won.
    credit_purchase = models.OneToOneField(
        "billing.CreditPurchase", null=True, blank=True, on_delete=models.PROTECT, related_name="order_form"
    )
    void_reason = models.TextField(blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_amount__gte=0),
                name="order_form_credit_amount_non_negative",
                violation_error_message="The credit amount cannot be negative.",
            ),
            models.CheckConstraint(
                condition=_non_negative("price") & _non_negative("annual_price"),
                name="order_form_price_non_negative",
                violation_error_message="Prices cannot be negative.",
            ),
            models.CheckConstraint(
                condition=_percent_in_range("discount_pct") & _percent_in_range("policy_discount_pct"),
                name="order_form_discount_pct_0_100",
                violation_error_message="Discounts are between 0 and 100 percent.",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1),
                name="order_form_term_at_least_one_month",
                violation_error_message="The term is at least one month.",
            ),
            models.CheckConstraint(
                # prepaid_years runs 1 … the number of (started) contract years.
                condition=Q(prepaid_years__gte=1) & Q(term_months__gt=(F("prepaid_years") - 1) * 12),
                name="order_form_prepaid_years_within_term",
                violation_error_message="Prepaid years run from 1 to the contract's years.",
            ),
            models.CheckConstraint(
                condition=~Q(billing=BillingSchedule.MONTHLY) | Q(prepaid_years=1),
                name="order_form_monthly_prepays_one_year",
                violation_error_message="A monthly-billed form cannot prepay more than one year.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("effective_date")),
                name="order_form_end_after_effective",
                violation_error_message="The end date cannot be before the effective date.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OrderFormKind.ADDITIONAL_PURCHASE) | Q(parent__isnull=False),
                name="order_form_additional_purchase_has_parent",
                violation_error_message="An additional purchase needs its original form as parent.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True)
                | Q(kind__in=[OrderFormKind.ADDITIONAL_PURCHASE, OrderFormKind.RENEWAL]),
                name="order_form_parent_only_for_expansion_or_renewal",
                violation_error_message="Only an additional purchase or a renewal has a parent form.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("id")),
                name="order_form_not_its_own_parent",
                violation_error_message="A form cannot be its own parent.",
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderFormStatus.VOID) | ~Q(void_reason=""),
                name="order_form_void_has_reason",
                violation_error_message="Voiding a form needs a reason (O-15).",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "status"], name="order_form_account_status"),
            models.Index(fields=["status", "end_date"], name="order_form_status_end"),
            models.Index(fields=["effective_date"], name="order_form_effective"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.account} - {self.get_kind_display()} from {self.effective_date}"
