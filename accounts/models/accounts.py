"""The customer account (accounts.md §1.2). Ownership fields are what permissions read."""

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .base import money, non_negative, unique_when_set, user_fk
from .people import Region


class NewOwner(models.TextChoices):
    US_TAM = "US TAM", "US TAM"
    US_CSM = "US CSM", "US CSM"
    EU_TAM = "EU TAM", "EU TAM"
    EU_CSM = "EU CSM", "EU CSM"
    READY_TO_MOVE = "Ready to move", "Ready to move"


class BusinessType(models.TextChoices):
    B2B_SAAS = "B2B SaaS", "B2B SaaS"
    E_COMMERCE = "E-commerce", "E-commerce"
    MARKETPLACE = "Marketplace", "Marketplace"
    DEVELOPER_TOOLS = "Developer Tools", "Developer Tools"
    FINTECH = "Fintech", "Fintech"
    HEALTHCARE = "Healthcare", "Healthcare"
    OTHER = "Other", "Other"


class BusinessModel(models.TextChoices):
    B2B = "B2B", "B2B"
    B2C = "B2C", "B2C"
    B2B_AND_B2C = "B2B and B2C", "B2B and B2C"


class CompanyStage(models.TextChoices):
    SEED = "Seed", "Seed"
    SERIES_A = "Series A", "Series A"
    SERIES_B = "Series B", "Series B"
    SERIES_C_PLUS = "Series C+", "Series C+"
    PUBLIC = "Public", "Public"
    BOOTSTRAPPED = "Bootstrapped", "Bootstrapped"
    ACQUIRED = "Acquired", "Acquired"


class Plan(models.TextChoices):
    FREE = "free", "Free"
    MONTHLY = "monthly", "Monthly"
    ANNUAL = "annual", "Annual"
    STARTUP = "startup", "Startup"
    YC = "yc", "YC"


class SubscriptionInterval(models.TextChoices):
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    CANCELLED = "cancelled", "Cancelled"


class ExpansionLevers(models.TextChoices):
    VIABLE = "viable", "Viable"
    NONE = "none", "None"


class Top40Pin(models.TextChoices):
    AUTO = "auto", "Auto"
    PINNED_IN = "pinned_in", "Pinned in"
    PINNED_OUT = "pinned_out", "Pinned out"


class SharedChannelPlatform(models.TextChoices):
    SLACK = "slack", "Slack"
    MS_TEAMS = "ms_teams", "MS Teams"


CloudRegion = Region  # accounts.md: the same {US, EU} pair as a user's region

country_code = RegexValidator(r"^[A-Z]{2}$", "hq_country: an ISO-3166 alpha-2 code, e.g. US.")
quarter_code = RegexValidator(r"^\d{4}-Q[1-4]$", "below_20k_plan_quarter: a quarter like 2025-Q2.")


def _choice(choices: type[models.TextChoices], max_length: int = 20, **extra) -> models.CharField:
    return models.CharField(max_length=max_length, choices=choices.choices, blank=True, **extra)


class Account(models.Model):
    # Identity
    posthog_organization_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    billing_customer_id = models.CharField(max_length=64, blank=True)
    stripe_customer_id = models.CharField(max_length=64, blank=True)
    salesforce_account_id = models.CharField(max_length=32, blank=True)
    site_url = models.URLField(blank=True)
    cloud_region = _choice(CloudRegion, max_length=2)
    admin_panel_url = models.URLField("Org Link", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Business info
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    hq_location = models.CharField(max_length=200, blank=True)
    hq_country = models.CharField(max_length=2, blank=True, validators=[country_code])
    business_type = _choice(BusinessType)
    business_type_other = models.CharField(max_length=200, blank=True)
    business_model = _choice(BusinessModel)
    stage = _choice(CompanyStage)
    acquired_by = models.CharField(max_length=200, blank=True)
    funding = models.TextField(blank=True)
    last_funding_on = models.DateField(null=True, blank=True)
    investors = models.TextField(blank=True)
    employee_count = models.IntegerField(null=True, blank=True)
    key_products_services = models.TextField(blank=True)
    pricing = models.TextField(blank=True)
    company_tags = models.JSONField(
        default=list, blank=True, help_text='Enrichment tags, TAM-editable (e.g. "AI", "LLM", "ML").'
    )

    # Commercial: written by the billing sync (billing.md B-16), read-only on account pages
    plan = _choice(Plan)
    arr = money()
    mrr = money()
    forecasted_mrr = money()
    ltv = money()
    stripe_balance = money(help_text="Below zero = credit remaining.")
    credit_expires_at = models.DateField(null=True, blank=True)
    is_startup_plan_customer = models.BooleanField(null=True, blank=True)
    subscription_interval = _choice(SubscriptionInterval)
    subscription_status = _choice(SubscriptionStatus)
    current_period_end = models.DateField(null=True, blank=True)
    free_trial_until = models.DateField(null=True, blank=True)
    renewal_date = models.DateField(null=True, blank=True)
    initial_credit_purchase_on = models.DateField(null=True, blank=True)
    discount_agreement_in_place = models.BooleanField(default=False)

    # Ownership
    owner = user_fk("owned_accounts")
    overlay_tam = user_fk("overlay_accounts")
    account_executive = user_fk("executive_accounts")
    onboarding_specialist = user_fk("onboarding_accounts")
    new_owner = _choice(NewOwner, max_length=16)
    retained_by_tae = models.BooleanField(default=False)
    expansion_levers = _choice(ExpansionLevers, max_length=8)
    expansion_attempts = models.TextField(blank=True)
    below_20k_plan = models.TextField(blank=True)
    below_20k_plan_quarter = models.CharField(max_length=7, blank=True, validators=[quarter_code])
    arr_rank = models.IntegerField(null=True, blank=True)
    is_top_40 = models.BooleanField(default=False)
    top_40_pin = models.CharField(
        max_length=10, choices=Top40Pin.choices, default=Top40Pin.AUTO
    )

    # Channel
    shared_channel_platform = _choice(SharedChannelPlatform, max_length=10)
    shared_channel_name = models.CharField(max_length=100, blank=True)
    last_customer_message_at = models.DateTimeField(null=True, blank=True)

    # Lifecycle
    churned_at = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["-arr"], name="account_arr_desc"),
            models.Index(fields=["new_owner"], name="account_new_owner"),
            models.Index(fields=["is_top_40"], name="account_top_40"),
            models.Index(fields=["churned_at"], name="account_churned_at"),
            models.Index(fields=["renewal_date"], name="account_renewal_date"),
            # Issue 16: the accounts list sorts 50,000 rows by name (keyset pages by name, id).
            models.Index(fields=["name", "id"], name="account_name_id"),
        ]
        constraints = [
            unique_when_set("account", "billing_customer_id"),
            unique_when_set("account", "stripe_customer_id"),
            unique_when_set("account", "salesforce_account_id"),
            models.CheckConstraint(
                condition=models.Q(stripe_customer_id="")
                | models.Q(stripe_customer_id__startswith="cus_"),
                name="account_stripe_customer_id_format",
                violation_error_message="stripe_customer_id: a Stripe customer id starts with cus_.",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=CompanyStage.ACQUIRED) | ~models.Q(acquired_by=""),
                name="account_acquired_by_required",
                violation_error_message="acquired_by: required when the stage is Acquired.",
            ),
            models.CheckConstraint(
                condition=~models.Q(expansion_levers=ExpansionLevers.NONE)
                | ~models.Q(expansion_attempts=""),
                name="account_expansion_attempts_required",
                violation_error_message=(
                    "expansion_attempts: document what was tried when there are no viable "
                    "expansion levers."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(below_20k_plan="") | ~models.Q(below_20k_plan_quarter=""),
                name="account_below_20k_plan_has_quarter",
                violation_error_message="below_20k_plan_quarter: required with a below-$20k plan.",
            ),
            models.CheckConstraint(
                condition=models.Q(arr_rank__isnull=True) | models.Q(arr_rank__gte=1),
                name="account_arr_rank_positive",
                violation_error_message="arr_rank: ranks start at 1.",
            ),
            *non_negative("account", "arr", "mrr", "forecasted_mrr", "ltv", "employee_count"),
        ]

    def __str__(self) -> str:
        return self.name
