"""Who pays: the BillingCustomer (the unit of MRR) and its Stripe customers (billing.md §1)."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from accounts.models import Region

from .base import StripeObject, money, percent, stripe_id_field, validate_first_of_month


class BillingConfiguration(models.TextChoices):
    FREE = "FREE", "Free plan"
    PAID = "PAID", "Paid plan"
    STARTUP = "STARTUP", "Start-up plan"
    ENTERPRISE_YEARLY_CREDIT = "ENTERPRISE_YEARLY_CREDIT", "Enterprise (yearly credit purchase)"
    ENTERPRISE_AMORTIZED_CREDIT = (
        "ENTERPRISE_AMORTIZED_CREDIT", "Enterprise (amortized credit payment)"
    )
    LEGACY = "LEGACY", "Legacy configuration"


class CreditDiscountSource(models.TextChoices):
    PURCHASE = "PURCHASE", "Active credit purchase"
    OVERRIDE = "OVERRIDE", "RevOps override"
    NONE = "NONE", "None"


class ConsolidationReason(models.TextChoices):
    EU_TO_US = "EU_TO_US", "Moved from the EU to the US instance"
    SAME_ORG_TEAMS = "SAME_ORG_TEAMS", "Different teams under the same organization"


class StripeCustomerRole(models.TextChoices):
    SINGLE = "SINGLE", "Single customer"
    CREDITS = "CREDITS", "Credits customer"
    USAGE = "USAGE", "Usage customer"


class TaxExempt(models.TextChoices):
    """Stripe's `tax_exempt` values, verbatim."""

    NONE = "none", "Not exempt"
    EXEMPT = "exempt", "Exempt"
    REVERSE = "reverse", "Reverse charge"


class BillingCustomer(models.Model):
    """One paying organisation; one or two StripeCustomers (two = the amortized pair, B-11)."""

    account = models.ForeignKey(
        "accounts.Account", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="billing_customers",
    )
    name = models.CharField(max_length=200)
    posthog_org_id = models.CharField(
        "PostHog organization id", max_length=64, blank=True, db_index=True,
        help_text="From the Stripe customer metadata key STRIPE_ORG_ID_METADATA_KEY.",
    )
    region = models.CharField(max_length=2, choices=Region.choices, blank=True)
    configuration_override = models.CharField(
        max_length=32, choices=BillingConfiguration.choices, blank=True,
        help_text="Wins over the classification for the months it covers (B-2 (1)).",
    )
    override_from = models.DateField(
        null=True, blank=True, validators=[validate_first_of_month],
        help_text="First month of the override (inclusive; empty = from the start).",
    )
    override_to = models.DateField(
        null=True, blank=True, validators=[validate_first_of_month],
        help_text="Last month of the override (inclusive; empty = open).",
    )
    credit_discount_percent = percent(default=0)
    credit_discount_source = models.CharField(
        max_length=10, choices=CreditDiscountSource.choices, default=CreditDiscountSource.NONE
    )
    consolidated_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="consolidated_members"
    )
    consolidation_reason = models.CharField(
        max_length=16, choices=ConsolidationReason.choices, blank=True
    )
    needs_review = models.BooleanField(default=False)
    review_reasons = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["needs_review"], name="billing_bc_needs_review")]
        constraints = [
            models.CheckConstraint(
                # The annual-plan gross-up divides by (1 - discount) (B-55).
                condition=Q(credit_discount_percent__gte=0, credit_discount_percent__lt=100),
                name="billing_bc_credit_discount_0_to_100",
                violation_error_message="The credit discount is between 0 and 100 percent.",
            ),
            models.CheckConstraint(
                condition=Q(override_from__isnull=True)
                | Q(override_to__isnull=True)
                | Q(override_to__gte=F("override_from")),
                name="billing_bc_override_to_after_from",
                violation_error_message="The override ends on or after the month it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(configuration_override="")
                | Q(override_from__isnull=True, override_to__isnull=True),
                name="billing_bc_override_months_need_override",
                violation_error_message="Override months need a configuration override.",
            ),
            models.CheckConstraint(
                condition=Q(consolidated_into__isnull=True, consolidation_reason="")
                | (Q(consolidated_into__isnull=False) & ~Q(consolidation_reason="")),
                name="billing_bc_consolidation_has_reason",
                violation_error_message="A consolidation names its root and its reason together.",
            ),
            models.CheckConstraint(
                condition=~Q(consolidated_into=F("pk")),
                name="billing_bc_not_consolidated_into_itself",
                violation_error_message="A customer cannot be consolidated into itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StripeCustomer(StripeObject):
    """A Stripe customer. The SINGLE/CREDITS+USAGE invariant is checked, never enforced (§1)."""

    stripe_id = stripe_id_field("cus_")
    billing_customer = models.ForeignKey(
        BillingCustomer, on_delete=models.PROTECT, related_name="stripe_customers"
    )
    role = models.CharField(
        max_length=8, choices=StripeCustomerRole.choices, default=StripeCustomerRole.SINGLE
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=200, blank=True)
    balance = money(default=0, help_text="Stripe's sign: below zero = credit remaining.")
    currency = models.CharField(max_length=3, default="usd")
    metadata = models.JSONField(default=dict, blank=True)
    is_startup_plan_customer = models.BooleanField(null=True, blank=True)
    credit_expires_at = models.DateField(null=True, blank=True)
    tax_exempt = models.CharField(max_length=8, choices=TaxExempt.choices, default=TaxExempt.NONE)
    deleted = models.BooleanField(default=False)
    stripe_created = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stripe_id"]
        indexes = [
            models.Index(fields=["billing_customer", "role"], name="billing_sc_customer_role"),
            models.Index(fields=["email"], name="billing_sc_email"),
        ]


class CustomerBalanceTransaction(StripeObject):
    """A movement of a Stripe customer balance; Stripe's sign (< 0 adds credit)."""

    stripe_id = stripe_id_field("cbtxn_")
    stripe_customer = models.ForeignKey(
        StripeCustomer, on_delete=models.PROTECT, related_name="balance_transactions"
    )
    type = models.CharField(
        max_length=40, help_text="Stripe's type verbatim, e.g. adjustment, applied_to_invoice."
    )
    amount = money()
    ending_balance = money()
    # Stripe ids, not foreign keys: a transaction may arrive before its invoice or credit note.
    invoice_id = models.CharField(max_length=255, blank=True, db_index=True)
    credit_note_id = models.CharField(max_length=255, blank=True, db_index=True)
    description = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField()

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["stripe_customer", "created"], name="billing_cbt_customer_created"),
        ]


class DiscountDuration(models.TextChoices):
    ONCE = "once", "Once"
    REPEATING = "repeating", "Repeating"
    FOREVER = "forever", "Forever"


class Discount(StripeObject):
    """A coupon applied to a Stripe customer: exactly one of percent_off and amount_off."""

    stripe_id = stripe_id_field("di_")
    stripe_customer = models.ForeignKey(
        StripeCustomer, on_delete=models.PROTECT, related_name="discounts"
    )
    coupon_id = models.CharField(max_length=255)
    percent_off = percent(null=True, blank=True)
    amount_off = money(null=True, blank=True)
    duration = models.CharField(max_length=10, choices=DiscountDuration.choices)
    duration_in_months = models.PositiveSmallIntegerField(null=True, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["raw"])

    class Meta:
        ordering = ["-start"]
        indexes = [models.Index(fields=["stripe_customer", "active"], name="billing_disc_cust_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_off__isnull=False, amount_off__isnull=True)
                | Q(percent_off__isnull=True, amount_off__isnull=False),
                name="billing_discount_percent_xor_amount",
                violation_error_message="A discount is either a percentage or an amount off.",
            ),
            models.CheckConstraint(
                condition=Q(percent_off__isnull=True) | Q(percent_off__gt=0, percent_off__lte=100),
                name="billing_discount_percent_off_range",
                violation_error_message="Percent off is above 0 and at most 100.",
            ),
            models.CheckConstraint(
                condition=Q(amount_off__isnull=True) | Q(amount_off__gt=0),
                name="billing_discount_amount_off_positive",
                violation_error_message="Amount off is above zero.",
            ),
            models.CheckConstraint(
                condition=Q(
                    duration=DiscountDuration.REPEATING, duration_in_months__isnull=False,
                    duration_in_months__gte=1,
                )
                | (~Q(duration=DiscountDuration.REPEATING) & Q(duration_in_months__isnull=True)),
                name="billing_discount_months_iff_repeating",
                violation_error_message="Only a repeating discount has a number of months.",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="billing_discount_end_after_start",
                violation_error_message="A discount ends after it starts.",
            ),
        ]
