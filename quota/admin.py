from django.contrib import admin

from accounts.admin_base import RevOpsAdmin

from .models import BookMembership, RepPlan, TeamMembership


class OpenFilter(admin.SimpleListFilter):
    """Open = no end date yet: the membership is live today."""

    title = "state"
    parameter_name = "state"
    field = "ended_on"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("ended", "Ended")]

    def queryset(self, request, queryset):
        if self.value() in ("open", "ended"):
            return queryset.filter(**{f"{self.field}__isnull": self.value() == "open"})
        return queryset


class TeamMembershipOpenFilter(OpenFilter):
    field = "left_on"


@admin.register(BookMembership)
class BookMembershipAdmin(RevOpsAdmin):
    list_display = [
        "account", "tam", "source", "added_on", "grace_until", "decision_deadline",
        "previously_paid", "pending_removal", "removal_reason", "ended_on",
    ]
    list_filter = [
        OpenFilter, "source", "pending_removal", "previously_paid", "removal_reason", "conversion_plan",
    ]
    search_fields = ["account__name", "account__posthog_organization_id", "tam__email", "tam__name"]
    autocomplete_fields = ["account", "tam", "added_by", "ended_by"]
    date_hierarchy = "added_on"
    list_select_related = ["account", "tam"]


@admin.register(RepPlan)
class RepPlanAdmin(RevOpsAdmin):
    list_display = ["rep", "role", "valid_from", "role_start_date", "ote_annual", "base_pct",
                    "variable_pct", "is_team_lead", "team"]
    list_filter = ["role", "is_team_lead", "team"]
    search_fields = ["rep__email", "rep__name"]
    autocomplete_fields = ["rep"]
    list_select_related = ["rep", "team"]


@admin.register(TeamMembership)
class TeamMembershipAdmin(RevOpsAdmin):
    list_display = ["rep", "team", "joined_on", "left_on"]
    list_filter = [TeamMembershipOpenFilter, "team"]
    search_fields = ["rep__email", "rep__name", "team__name"]
    autocomplete_fields = ["rep"]
    list_select_related = ["rep", "team"]
