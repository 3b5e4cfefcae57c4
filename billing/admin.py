from django.contrib import admin

from accounts.admin_base import RevOpsAdmin

from .models import Product


@admin.register(Product)
class ProductAdmin(RevOpsAdmin):
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
