"""The Stripe mirror in the admin: customers, products and prices, subscriptions, invoices."""
from django.contrib import admin

from ..models import (
    BillingCustomer,
    CreditNote,
    CreditNoteLine,
    CustomerBalanceTransaction,
    Discount,
    Invoice,
    InvoiceLine,
    PaymentAttempt,
    ProductKeyAlias,
    StripeCustomer,
    StripePrice,
    StripeProduct,
    Subscription,
    SubscriptionItem,
)
from .base import BillingAdmin, HistoricMirrorAdmin, MirrorAdmin, ReadOnlyInline

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
