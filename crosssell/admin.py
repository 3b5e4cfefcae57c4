"""Cross-sell admin for RevOps: the reference data (use cases and paths, role-family map,
pathways, discovery questions) is editable with history; computed rows are read-only."""

from django.contrib import admin

from accounts.admin_base import RevOpsAdmin

from .models import (
    AccountCrossSellState,
    AccountSignalEvent,
    ComplianceScreen,
    CrossSellPathway,
    CrossSellRun,
    DiscoveryQuestion,
    ImplementationCheckItem,
    Recommendation,
    RoleFamilyRule,
    TriggerEpisode,
    UseCase,
)


@admin.register(UseCase)
class UseCaseAdmin(RevOpsAdmin):
    list_display = ["display_order", "name", "core_buyer_family", "entry_text"]


@admin.register(CrossSellPathway)
class CrossSellPathwayAdmin(RevOpsAdmin):
    list_display = ["code", "from_use_case", "condition_text", "target_text"]
    list_filter = ["from_use_case"]


@admin.register(RoleFamilyRule)
class RoleFamilyRuleAdmin(RevOpsAdmin):
    list_display = ["keyword", "families", "exclusive", "order"]


@admin.register(DiscoveryQuestion)
class DiscoveryQuestionAdmin(RevOpsAdmin):
    list_display = ["scope", "product", "use_case", "text"]
    list_filter = ["scope", "product"]


@admin.register(ComplianceScreen)
class ComplianceScreenAdmin(RevOpsAdmin):
    list_display = ["account", "status", "sanctions_listed", "discretionary_hold", "us_person_exemption"]
    list_filter = ["status"]
    raw_id_fields = ["account"]
    list_select_related = ["account"]
    readonly_fields = ["status", "reasons", "screened_on"]


class ReadOnlyAdmin(RevOpsAdmin):
    """Computed by the nightly chain (or logged on the panel): look, never edit here."""

    list_select_related = ["account"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccountSignalEvent)
class AccountSignalEventAdmin(ReadOnlyAdmin):
    list_display = ["account", "type", "occurred_on", "product", "cleared_at"]
    list_filter = ["type"]


@admin.register(ImplementationCheckItem)
class ImplementationCheckItemAdmin(ReadOnlyAdmin):
    list_display = ["account", "item", "status", "detected_by", "estimated_monthly_savings"]
    list_filter = ["item", "status"]


@admin.register(AccountCrossSellState)
class AccountCrossSellStateAdmin(ReadOnlyAdmin):
    list_display = ["account", "primary_use_case", "override_use_case", "phase", "window"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["account", "kind", "key", "tier", "status", "updated_on"]
    list_filter = ["kind", "status", "tier"]


@admin.register(TriggerEpisode)
class TriggerEpisodeAdmin(ReadOnlyAdmin):
    list_display = ["account", "trigger_key", "subject", "started_on", "last_true_on", "ended_on"]
    list_filter = ["trigger_key"]


@admin.register(CrossSellRun)
class CrossSellRunAdmin(ReadOnlyAdmin):
    list_select_related = []
    list_display = ["as_of", "scope", "accounts", "duration_seconds", "started_at"]
