from django.contrib import admin
from django.db import models

from accounts.admin_base import RevOpsAdmin

from .models import (
    DiscountPolicyVersion,
    ImportRun,
    NonprofitVerification,
    Opportunity,
    OrderForm,
    Quote,
    VolumeTier,
)


@admin.register(Opportunity)
class OpportunityAdmin(RevOpsAdmin):
    list_display = ["__str__", "record_type", "stage", "owner", "target_product", "expected_mrr",
                    "expected_close_on", "created_at", "closed_at"]
    list_filter = ["record_type", "stage", "target_product", "is_trial_poc", "closed_lost_reason"]
    search_fields = ["account__name", "account__posthog_organization_id", "owner__email",
                     "salesforce_opportunity_id"]
    autocomplete_fields = ["account", "owner", "closed_by"]
    date_hierarchy = "created_at"
    list_select_related = ["account", "owner"]


@admin.register(OrderForm)
class OrderFormAdmin(RevOpsAdmin):
    list_display = ["__str__", "account", "kind", "status", "credit_amount", "discount_pct", "price",
                    "effective_date", "end_date", "within_policy", "counts_toward_quota"]
    list_filter = ["status", "kind", "billing", "payment_method", "activation_mode", "governing_terms",
                   "custom_pricing", "within_policy", "nonprofit"]
    search_fields = ["title", "client_legal_name", "account__name", "account__posthog_organization_id"]
    autocomplete_fields = ["account", "posthog_signer"]
    raw_id_fields = ["opportunity", "parent"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "effective_date"
    list_select_related = ["account"]


@admin.register(ImportRun)
class ImportRunAdmin(RevOpsAdmin):
    list_display = ["id", "kind", "source", "status", "rows_total", "rows_ok", "uploaded_by",
                    "started_at", "finished_at"]
    list_filter = ["kind", "source", "status"]
    search_fields = ["uploaded_by__email", "file"]
    raw_id_fields = ["uploaded_by"]
    date_hierarchy = "started_at"
    list_select_related = ["uploaded_by"]
    readonly_fields = ["kind", "source", "uploaded_by", "file", "rows_total", "rows_ok", "errors",
                       "status", "started_at", "finished_at"]

    def has_add_permission(self, request) -> bool:
        return False  # runs are created by importing, on the Imports page or through the API


@admin.register(NonprofitVerification)
class NonprofitVerificationAdmin(RevOpsAdmin):
    """P-15: RevOps records the proof and verifies it; the commercial panel and builder read it."""

    list_display = ["account", "country_of_origin", "status", "verified_by", "verified_at", "created_at"]
    list_filter = ["status", "country_of_origin"]
    search_fields = ["account__name", "account__posthog_organization_id"]
    autocomplete_fields = ["account"]
    raw_id_fields = ["verified_by"]
    list_select_related = ["account", "verified_by"]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        if obj.status == "verified" and obj.verified_by_id is None:
            obj.verified_by, obj.verified_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


class VolumeTierInline(admin.TabularInline):
    model = VolumeTier
    extra = 0
    can_delete = False
    readonly_fields = ["position", "min_credit", "max_credit", "discount_pct", "label"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DiscountPolicyVersion)
class DiscountPolicyVersionAdmin(RevOpsAdmin):
    """Read-only here: versions are edited on the Discount policy editor page (V-1…V-5)."""

    list_display = ["__str__", "status", "effective_from", "published_by", "published_at"]
    list_filter = ["status"]
    inlines = [VolumeTierInline]
    readonly_fields = ["effective_from", "status", "notes", "parameters", "supersedes", "created_by",
                       "published_by", "published_at", "retired_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Quote)
class QuoteAdmin(RevOpsAdmin):
    list_display = ["__str__", "account", "status", "created_by", "updated_at"]
    list_filter = ["status", "projection_method"]
    search_fields = ["title", "account__name"]
    raw_id_fields = ["account", "opportunity", "created_by"]
    list_select_related = ["account", "created_by"]
