"""Billing admin bases: who may edit (RevOps admins), and view-only mirrors of Stripe (B-15)."""
from django.contrib import admin
from django.db import models

from accounts.admin_base import RevOpsAdmin
from accounts.rules import is_revops_admin

from ..models import (
    Product,
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
