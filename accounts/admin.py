from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_base import RevOpsAdmin
from .models import (
    Account,
    AccountDailyMetrics,
    AccountProduct,
    Contact,
    CustomerRecommendation,
    Incident,
    LeadMembership,
    Note,
    Notification,
    RoleAssignment,
    SeasonalExplanation,
    SupportTicket,
    Team,
    TimelineEvent,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, RevOpsAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_team_lead", "team", "region", "is_active"]
    list_filter = ["role", "is_team_lead", "team", "region", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "role", "is_team_lead", "team", "region", "timezone")}),
        ("Access", {"fields": ("is_active", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "role", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Team)
class TeamAdmin(RevOpsAdmin):
    list_display = ["name", "kind", "region", "lead", "slack_channel"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RevOpsAdmin):
    list_display = ["key", "user", "assigned_at"]
    list_filter = ["key"]
    autocomplete_fields = ["user"]


class AccountProductInline(admin.TabularInline):
    model = AccountProduct
    extra = 0
    fields = ["product_key", "paying", "maturity", "first_paid_on"]


@admin.register(Account)
class AccountAdmin(RevOpsAdmin):
    list_select_related = ["owner", "overlay_tam"]
    list_display = [
        "name", "posthog_organization_id", "owner", "overlay_tam", "new_owner", "plan", "arr",
        "is_top_40", "churned_at",
    ]
    list_filter = [
        "new_owner", "is_top_40", "top_40_pin", "plan", "subscription_status", "cloud_region",
        "expansion_levers", "business_type", "stage",
    ]
    search_fields = [
        "name", "posthog_organization_id", "stripe_customer_id", "salesforce_account_id",
        "billing_customer_id",
    ]
    autocomplete_fields = ["owner", "overlay_tam", "account_executive", "onboarding_specialist"]
    readonly_fields = ["created_at"]
    inlines = [AccountProductInline]
    fieldsets = (
        ("Identity", {"fields": (
            "posthog_organization_id", "name", "billing_customer_id", "stripe_customer_id",
            "salesforce_account_id", "site_url", "cloud_region", "admin_panel_url", "created_at",
        )}),
        ("Business info", {"fields": (
            "description", "website", "hq_location", "hq_country", "business_type",
            "business_type_other", "business_model", "stage", "acquired_by", "funding",
            "last_funding_on", "investors", "employee_count", "key_products_services", "pricing",
        )}),
        ("Commercial (synced from billing)", {"fields": (
            "plan", "arr", "mrr", "forecasted_mrr", "ltv", "stripe_balance", "credit_expires_at",
            "is_startup_plan_customer", "subscription_interval", "subscription_status",
            "current_period_end", "free_trial_until", "renewal_date", "initial_credit_purchase_on",
            "discount_agreement_in_place",
        )}),
        ("Ownership", {"fields": (
            "owner", "overlay_tam", "account_executive", "onboarding_specialist", "new_owner",
            "retained_by_tae", "expansion_levers", "expansion_attempts", "below_20k_plan",
            "below_20k_plan_quarter", "arr_rank", "is_top_40", "top_40_pin",
        )}),
        ("Channel", {"fields": (
            "shared_channel_platform", "shared_channel_name", "last_customer_message_at",
        )}),
        ("Lifecycle", {"fields": ("churned_at",)}),
    )


@admin.register(AccountProduct)
class AccountProductAdmin(RevOpsAdmin):
    list_display = ["account", "product_key", "paying", "maturity", "first_paid_on"]
    list_filter = ["product_key", "paying", "maturity"]
    search_fields = ["account__name", "account__posthog_organization_id", "product_key"]
    autocomplete_fields = ["account"]


@admin.register(Contact)
class ContactAdmin(RevOpsAdmin):
    list_display = ["name", "account", "email", "title", "roles", "status", "last_seen_at"]
    list_filter = ["status", "org_member", "preferred_channel"]
    search_fields = ["name", "email", "title", "account__name"]
    autocomplete_fields = ["account"]


@admin.register(LeadMembership)
class LeadMembershipAdmin(RevOpsAdmin):
    list_display = ["account", "tam", "added_on", "deadline", "closed_on", "outcome"]
    list_filter = ["outcome", ("closed_on", admin.EmptyFieldListFilter)]
    search_fields = ["account__name", "tam__email", "tam__name"]
    autocomplete_fields = ["account", "tam"]
    date_hierarchy = "added_on"


@admin.register(Note)
class NoteAdmin(RevOpsAdmin):
    list_display = ["occurred_at", "account", "author", "kind", "direction", "tags", "pinned"]
    list_filter = ["kind", "direction", "pinned"]
    search_fields = ["body", "account__name", "author__email"]
    autocomplete_fields = ["account", "author"]
    raw_id_fields = ["contacts"]
    date_hierarchy = "occurred_at"


@admin.register(TimelineEvent)
class TimelineEventAdmin(RevOpsAdmin):
    """System-written: the admin shows events, nobody edits them."""

    list_display = ["at", "account", "type", "actor"]
    list_filter = ["type"]
    search_fields = ["account__name", "account__posthog_organization_id"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccountDailyMetrics)
class AccountDailyMetricsAdmin(RevOpsAdmin):
    list_display = [
        "date", "account", "event_count", "active_users_30d", "logins", "billing_page_views",
        "insight_dashboard_views", "warehouse_export_active", "source", "imported_at",
    ]
    list_filter = ["source", "warehouse_export_active"]
    search_fields = ["account__name", "account__posthog_organization_id"]
    autocomplete_fields = ["account"]
    date_hierarchy = "date"


@admin.register(SupportTicket)
class SupportTicketAdmin(RevOpsAdmin):
    list_display = ["external_id", "account", "priority", "status", "opened_at", "solved_at"]
    list_filter = ["priority", "status"]
    search_fields = ["external_id", "account__name"]
    autocomplete_fields = ["account"]
    date_hierarchy = "opened_at"


@admin.register(Incident)
class IncidentAdmin(RevOpsAdmin):
    list_display = ["started_at", "severity", "title", "cloud_region", "resolved_at"]
    list_filter = ["severity", "cloud_region", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "external_id"]
    raw_id_fields = ["affected_accounts"]
    date_hierarchy = "started_at"


@admin.register(CustomerRecommendation)
class CustomerRecommendationAdmin(RevOpsAdmin):
    list_display = ["given_at", "account", "product_key", "status", "given_by", "actioned_at"]
    list_filter = ["status", "product_key"]
    search_fields = ["description", "account__name"]
    autocomplete_fields = ["account", "given_by"]


@admin.register(SeasonalExplanation)
class SeasonalExplanationAdmin(RevOpsAdmin):
    list_display = ["account", "starts_on", "ends_on", "reason", "created_by"]
    search_fields = ["reason", "account__name"]
    autocomplete_fields = ["account", "created_by"]


@admin.register(Notification)
class NotificationAdmin(RevOpsAdmin):
    list_display = ["created_at", "recipient", "kind", "account", "text", "read"]
    list_filter = ["kind", "read"]
    search_fields = ["text", "recipient__email", "account__name"]
    raw_id_fields = ["recipient", "account"]
