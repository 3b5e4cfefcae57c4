"""Billing admin. Stripe mirror rows are view-only here: Stripe is the source of truth (B-15) and
the next sync would overwrite an edit. App-owned rows (customers, aliases, purchases, grants)
are editable by RevOps admins."""

from django.contrib import admin
from django.db import models

from accounts.admin_base import RevOpsAdmin
from accounts.rules import is_revops_admin

from .models import (
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditNote,
    CreditNoteLine,
    CreditPurchase,
    CreditRunway,
    CustomerBalanceTransaction,
    Discount,
    Invoice,
    InvoiceLine,
    MonthlyRevenue,
    PaymentAttempt,
    Product,
    ProductKeyAlias,
    StripeCustomer,
    StripePrice,
    StripeProduct,
    StripeWriteTask,
    Subscription,
    SubscriptionItem,
)


class BillingAdmin(RevOpsAdmin):
    # Links are Stripe's and Slack's; Django 6 makes https the default scheme anyway.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Product)
class ProductAdmin(BillingAdmin):
    list_display = [
        "key", "name", "kind", "maturity", "is_quota_primary", "is_core", "counts_for_adoption",
        "attribution_use_case",
    ]
    list_filter = ["kind", "maturity", "is_quota_primary", "is_core", "counts_for_adoption"]
    list_editable = ["is_quota_primary", "is_core", "counts_for_adoption"]
    search_fields = ["key", "name"]
    readonly_fields = ["key"]

    def get_readonly_fields(self, request, obj=None):
        # The key is the contract (contracts.md); it is set once, never edited.
        return ["key"] if obj else []


class WithoutHistoryAdmin(BillingAdmin):
    """For tables without simple_history: the History link shows Django's admin log instead."""

    object_history_template = None
    history_view = admin.ModelAdmin.history_view


class MirrorAdmin(WithoutHistoryAdmin):
    """A view-only Stripe mirror table."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoricMirrorAdmin(MirrorAdmin):
    """A view-only Stripe mirror table that keeps history (RevOps may read how it changed)."""

    object_history_template = BillingAdmin.object_history_template
    history_view = BillingAdmin.history_view


class ReadOnlyInline(admin.TabularInline):
    """Inline rows shown to RevOps admins, never edited from the parent's page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(is_revops_admin(request.user))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- customers ---------------------------------------------------------------------------------


class StripeCustomerInline(ReadOnlyInline):
    model = StripeCustomer
    fields = ["stripe_id", "role", "email", "balance", "deleted"]


@admin.register(BillingCustomer)
class BillingCustomerAdmin(BillingAdmin):
    list_display = [
        "name", "account", "posthog_org_id", "region", "configuration_override",
        "credit_discount_percent", "consolidated_into", "needs_review",
    ]
    list_filter = ["needs_review", "region", "configuration_override", "credit_discount_source",
                   "consolidation_reason"]
    search_fields = ["name", "posthog_org_id", "account__name", "stripe_customers__stripe_id"]
    list_select_related = ["account", "consolidated_into"]
    raw_id_fields = ["account", "consolidated_into"]
    inlines = [StripeCustomerInline]


@admin.register(StripeCustomer)
class StripeCustomerAdmin(MirrorAdmin):
    list_display = ["stripe_id", "billing_customer", "role", "email", "balance",
                    "is_startup_plan_customer", "credit_expires_at", "deleted", "livemode"]
    list_filter = ["role", "deleted", "is_startup_plan_customer", "tax_exempt", "livemode"]
    search_fields = ["stripe_id", "email", "name", "billing_customer__name"]
    list_select_related = ["billing_customer"]
    raw_id_fields = ["billing_customer"]


@admin.register(CustomerBalanceTransaction)
class CustomerBalanceTransactionAdmin(MirrorAdmin):
    list_display = ["stripe_id", "stripe_customer", "type", "amount", "ending_balance",
                    "invoice_id", "created"]
    list_filter = ["type", "livemode"]
    search_fields = ["stripe_id", "stripe_customer__stripe_id", "invoice_id", "credit_note_id",
                     "description"]
    list_select_related = ["stripe_customer"]
    raw_id_fields = ["stripe_customer"]
    date_hierarchy = "created"


@admin.register(Discount)
class DiscountAdmin(HistoricMirrorAdmin):
    list_display = ["stripe_id", "stripe_customer", "coupon_id", "percent_off", "amount_off",
                    "duration", "start", "end", "active"]
    list_filter = ["active", "duration"]
    search_fields = ["stripe_id", "coupon_id", "stripe_customer__stripe_id"]
    list_select_related = ["stripe_customer"]
    raw_id_fields = ["stripe_customer"]


# --- products and prices -----------------------------------------------------------------------


@admin.register(ProductKeyAlias)
class ProductKeyAliasAdmin(BillingAdmin):
    list_display = ["stripe_key", "product_key"]
    list_filter = ["product_key"]
    search_fields = ["stripe_key", "product_key__key", "product_key__name"]


class StripePriceInline(ReadOnlyInline):
    model = StripePrice
    fields = ["stripe_id", "nickname", "billing_scheme", "usage_type", "recurring_interval",
              "active"]


@admin.register(StripeProduct)
class StripeProductAdmin(MirrorAdmin):
    list_display = ["stripe_id", "name", "posthog_product_key", "product_key", "is_fixed_fee",
                    "active"]
    list_filter = ["active", "is_fixed_fee", "product_key"]
    search_fields = ["stripe_id", "name", "posthog_product_key"]
    inlines = [StripePriceInline]


@admin.register(StripePrice)
class StripePriceAdmin(MirrorAdmin):
    list_display = ["stripe_id", "product", "nickname", "billing_scheme", "tiers_mode",
                    "usage_type", "recurring_interval", "meta_plan", "active"]
    list_filter = ["active", "billing_scheme", "tiers_mode", "usage_type", "recurring_interval",
                   "meta_plan"]
    search_fields = ["stripe_id", "nickname", "product__name", "product__stripe_id"]
    list_select_related = ["product"]
    raw_id_fields = ["product"]


# --- subscriptions -----------------------------------------------------------------------------


class SubscriptionItemInline(ReadOnlyInline):
    model = SubscriptionItem
    fields = ["stripe_id", "price", "quantity", "current_period_start", "current_period_end"]


@admin.register(Subscription)
class SubscriptionAdmin(HistoricMirrorAdmin):
    list_display = ["stripe_id", "stripe_customer", "status", "collection_method", "start_date",
                    "trial_end", "cancel_at", "ended_at"]
    list_filter = ["status", "collection_method", "livemode"]
    search_fields = ["stripe_id", "stripe_customer__stripe_id",
                     "stripe_customer__billing_customer__name"]
    list_select_related = ["stripe_customer"]
    raw_id_fields = ["stripe_customer"]
    inlines = [SubscriptionItemInline]


@admin.register(SubscriptionItem)
class SubscriptionItemAdmin(MirrorAdmin):
    list_display = ["stripe_id", "subscription", "price", "quantity", "current_period_start",
                    "current_period_end"]
    search_fields = ["stripe_id", "subscription__stripe_id", "price__stripe_id"]
    list_select_related = ["subscription", "price"]
    raw_id_fields = ["subscription", "price"]


# --- invoices ----------------------------------------------------------------------------------


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["stripe_id", "kind", "product_key", "description", "quantity", "amount",
              "discount_amount", "tax_amount", "net_amount", "period_start", "period_end"]


class PaymentAttemptInline(ReadOnlyInline):
    model = PaymentAttempt
    fields = ["attempt_number", "attempted_at", "succeeded", "amount", "payment_method_type",
              "failure_message"]


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["stripe_id", "amount", "reason", "status", "created"]


@admin.register(Invoice)
class InvoiceAdmin(HistoricMirrorAdmin):
    list_display = ["number", "stripe_id", "stripe_customer", "status", "purpose", "total",
                    "credits_applied", "amount_remaining", "service_month", "due_date"]
    list_filter = ["status", "purpose", "collection_method", "service_month", "currency"]
    search_fields = ["number", "stripe_id", "stripe_customer__stripe_id",
                     "stripe_customer__billing_customer__name"]
    list_select_related = ["stripe_customer"]
    raw_id_fields = ["stripe_customer", "subscription", "credit_purchase"]
    date_hierarchy = "created"
    inlines = [InvoiceLineInline, PaymentAttemptInline, CreditNoteInline]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(MirrorAdmin):
    list_display = ["stripe_id", "invoice", "kind", "product_key", "amount", "net_amount",
                    "period_start", "period_end", "proration"]
    list_filter = ["kind", "product_key", "proration"]
    search_fields = ["stripe_id", "invoice__number", "invoice__stripe_id", "description"]
    list_select_related = ["invoice", "product_key"]
    raw_id_fields = ["invoice", "stripe_product", "price"]


@admin.register(PaymentAttempt)
class PaymentAttemptAdmin(MirrorAdmin):
    list_display = ["invoice", "attempt_number", "attempted_at", "succeeded", "amount",
                    "payment_method_type", "stripe_payment_id"]
    list_filter = ["succeeded", "payment_method_type"]
    search_fields = ["invoice__number", "invoice__stripe_id", "stripe_payment_id",
                     "failure_message"]
    list_select_related = ["invoice"]
    raw_id_fields = ["invoice"]
    date_hierarchy = "attempted_at"


class CreditNoteLineInline(ReadOnlyInline):
    model = CreditNoteLine
    fields = ["product_key", "invoice_line", "amount"]


@admin.register(CreditNote)
class CreditNoteAdmin(HistoricMirrorAdmin):
    list_display = ["stripe_id", "invoice", "amount", "reason", "status", "created"]
    list_filter = ["status", "reason"]
    search_fields = ["stripe_id", "invoice__number", "invoice__stripe_id"]
    list_select_related = ["invoice"]
    raw_id_fields = ["invoice"]
    inlines = [CreditNoteLineInline]


@admin.register(CreditNoteLine)
class CreditNoteLineAdmin(MirrorAdmin):
    list_display = ["credit_note", "product_key", "invoice_line", "amount"]
    list_filter = ["product_key"]
    search_fields = ["credit_note__stripe_id", "credit_note__invoice__number"]
    list_select_related = ["credit_note", "product_key", "invoice_line"]
    raw_id_fields = ["credit_note", "invoice_line"]


# --- credits -----------------------------------------------------------------------------------


class CreditGrantInline(ReadOnlyInline):
    model = CreditGrant
    fields = ["kind", "amount", "remaining", "starts_on", "expires_at", "tranche_index", "status"]


@admin.register(CreditPurchase)
class CreditPurchaseAdmin(BillingAdmin):
    list_display = ["billing_customer", "source", "credit_amount", "price", "discount_percent",
                    "term_months", "billing", "start_date", "end_date", "status"]
    list_filter = ["status", "source", "billing", "term_months"]
    search_fields = ["billing_customer__name", "salesforce_opportunity_id"]
    list_select_related = ["billing_customer"]
    autocomplete_fields = ["billing_customer"]
    raw_id_fields = ["renewal_of", "expansion_of"]
    date_hierarchy = "start_date"
    inlines = [CreditGrantInline]


class CreditConsumptionInline(ReadOnlyInline):
    model = CreditConsumption
    fk_name = "grant"
    fields = ["invoice", "balance_transaction", "amount"]


@admin.register(CreditGrant)
class CreditGrantAdmin(BillingAdmin):
    list_display = ["billing_customer", "kind", "reason", "amount", "remaining", "starts_on",
                    "expires_at", "status", "created_by"]
    list_filter = ["status", "kind", "reason"]
    search_fields = ["billing_customer__name", "stripe_customer__stripe_id",
                     "stripe_balance_transaction_id", "notes"]
    list_select_related = ["billing_customer", "created_by"]
    autocomplete_fields = ["billing_customer"]
    raw_id_fields = ["stripe_customer", "credit_purchase", "created_by"]
    date_hierarchy = "starts_on"
    inlines = [CreditConsumptionInline]


@admin.register(CreditConsumption)
class CreditConsumptionAdmin(WithoutHistoryAdmin):
    list_display = ["grant", "invoice", "balance_transaction", "amount"]
    search_fields = ["invoice__number", "invoice__stripe_id", "grant__billing_customer__name"]
    list_select_related = ["grant", "invoice", "balance_transaction"]
    raw_id_fields = ["grant", "balance_transaction", "invoice"]


# --- computed results and pending Stripe writes (issue 19): view-only, the jobs write them ------


@admin.register(MonthlyRevenue)
class MonthlyRevenueAdmin(MirrorAdmin):
    list_display = ["billing_customer", "month", "product_key", "configuration", "mrr", "source"]
    list_filter = ["configuration", "source", "month"]
    search_fields = ["billing_customer__name"]
    list_select_related = ["billing_customer"]


@admin.register(CreditRunway)
class CreditRunwayAdmin(MirrorAdmin):
    list_display = ["billing_customer", "as_of", "available_credit", "runway_days", "run_out_date",
                    "term_end", "scenario", "alert_state"]
    list_filter = ["scenario", "alert_state", "as_of"]
    search_fields = ["billing_customer__name"]
    list_select_related = ["billing_customer"]


@admin.register(StripeWriteTask)
class StripeWriteTaskAdmin(MirrorAdmin):
    list_display = ["idempotency_key", "kind", "status", "stripe_customer", "credit_grant", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "stripe_customer__stripe_id"]
    list_select_related = ["stripe_customer", "credit_grant"]


# --- refunds (issue 20) ------------------------------------------------------------------------
# View-only here: a refund request changes state only through its services (approve, decline,
# process), which check who decides (B-48) and audit it.
from .models import RefundLine, RefundRequest  # noqa: E402


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ["product_key", "baseline_units", "spike_units", "overage_units", "price_with_spike",
              "price_baseline", "amount", "approved_amount"]  # fmt: skip


@admin.register(RefundRequest)
class RefundRequestAdmin(HistoricMirrorAdmin):
    list_display = ["pk", "billing_customer", "invoice", "scenario", "status", "resolution",
                    "computed_amount", "approved_amount", "requested_on"]  # fmt: skip
    list_filter = ["status", "scenario", "resolution"]
    search_fields = ["billing_customer__name", "invoice__number", "invoice__stripe_id"]
    list_select_related = ["billing_customer", "invoice"]
    inlines = [RefundLineInline]


@admin.register(RefundLine)
class RefundLineAdmin(HistoricMirrorAdmin):
    list_display = ["request", "product_key", "baseline_units", "spike_units", "overage_units", "amount"]
    search_fields = ["request__billing_customer__name", "product_key__key"]
    list_select_related = ["request__billing_customer"]
# --- late payments and dunning (issue 20): view-only, every change goes through the audited
# services of billing/dunning_services.py and the two jobs ----------------------------------------
from .models import DunningCase, DunningEvent, DunningPause, DunningStep  # noqa: E402


class DunningStepInline(ReadOnlyInline):
    model = DunningStep
    fields = ["step", "due_on", "done_at", "done_by", "note"]


class DunningPauseInline(ReadOnlyInline):
    model = DunningPause
    fields = ["starts_on", "days", "reason", "created_by", "created_at"]


@admin.register(DunningCase)
class DunningCaseAdmin(HistoricMirrorAdmin):
    list_display = [
        "billing_customer", "plan_kind", "day0", "step", "status", "amount_overdue", "responsible",
    ]
    list_filter = ["status", "plan_kind", "step"]
    search_fields = ["billing_customer__name"]
    list_select_related = ["billing_customer", "responsible"]
    inlines = [DunningStepInline, DunningPauseInline]


@admin.register(DunningStep)
class DunningStepAdmin(HistoricMirrorAdmin):
    list_display = ["case", "step", "due_on", "done_at", "done_by"]
    list_filter = ["step"]
    search_fields = ["case__billing_customer__name"]
    list_select_related = ["case", "done_by"]


@admin.register(DunningPause)
class DunningPauseAdmin(MirrorAdmin):
    list_display = ["case", "starts_on", "days", "reason", "created_by"]
    search_fields = ["case__billing_customer__name", "reason"]
    list_select_related = ["case", "created_by"]


@admin.register(DunningEvent)
class DunningEventAdmin(MirrorAdmin):
    list_display = ["case", "kind", "on", "actor", "at"]
    list_filter = ["kind"]
    search_fields = ["case__billing_customer__name", "note"]
    list_select_related = ["case", "actor"]
