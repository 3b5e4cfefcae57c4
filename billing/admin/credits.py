"""Credits, computed results and pending Stripe writes in the admin."""
from django.contrib import admin

from ..models import (
    CreditConsumption,
    CreditGrant,
    CreditPurchase,
    CreditRunway,
    MonthlyRevenue,
    StripeWriteTask,
)
from .base import BillingAdmin, MirrorAdmin, ReadOnlyInline, WithoutHistoryAdmin

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
