"""Refund requests in the admin (issue 20), view-only."""
from django.contrib import admin

# --- refunds (issue 20) ------------------------------------------------------------------------
# View-only here: a refund request changes state only through its services (approve, decline,
# process), which check who decides (B-48) and audit it.
from ..models import (
    RefundLine,
    RefundRequest,
)
from .base import HistoricMirrorAdmin, ReadOnlyInline


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
