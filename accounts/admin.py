from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_base import RevOpsAdmin
from .models import Account, Notification, RoleAssignment, Team, User


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


@admin.register(Account)
class AccountAdmin(RevOpsAdmin):
    list_display = ["name", "posthog_organization_id", "owner", "overlay_tam", "new_owner", "is_top_40"]
    list_filter = ["new_owner", "is_top_40"]
    search_fields = ["name", "posthog_organization_id"]
    autocomplete_fields = ["owner", "overlay_tam", "account_executive", "onboarding_specialist"]


@admin.register(Notification)
class NotificationAdmin(RevOpsAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read"]
    list_filter = ["kind", "read"]
    search_fields = ["text", "recipient__email"]
