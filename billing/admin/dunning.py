"""Dunning cases in the admin (issue 20), view-only."""
from django.contrib import admin

# --- late payments and dunning (issue 20): view-only, every change goes through the audited
# services of billing/dunning_services.py and the two jobs ----------------------------------------
from ..models import (
    DunningCase,
    DunningEvent,
    DunningPause,
    DunningStep,
)
from .base import HistoricMirrorAdmin, MirrorAdmin, ReadOnlyInline


class DunningStepInline(ReadOnlyInline):
    model = DunningStep
    fields = ["step", "due_on", "done_at", "done_by", "note"]


class DunningPauseInline(ReadOnlyInline):
    model = DunningPause
    fields = ["starts_on", "days", "reason", "created_by", "created_at"]


@admin.register(DunningCase)
class DunningCaseAdmin(HistoricMirrorAdmin):
    list_display = [
        "billing_customer", "plan_kind", "day0", "step", "status", "amount_overdue", "responsible",
    ]
    list_filter = ["status", "plan_kind", "step"]
    search_fields = ["billing_customer__name"]
    list_select_related = ["billing_customer", "responsible"]
    inlines = [DunningStepInline, DunningPauseInline]


@admin.register(DunningStep)
class DunningStepAdmin(HistoricMirrorAdmin):
    list_display = ["case", "step", "due_on", "done_at", "done_by"]
    list_filter = ["step"]
    search_fields = ["case__billing_customer__name"]
    list_select_related = ["case", "done_by"]


@admin.register(DunningPause)
class DunningPauseAdmin(MirrorAdmin):
    list_display = ["case", "starts_on", "days", "reason", "created_by"]
    search_fields = ["case__billing_customer__name", "reason"]
    list_select_related = ["case", "created_by"]


@admin.register(DunningEvent)
class DunningEventAdmin(MirrorAdmin):
    list_display = ["case", "kind", "on", "actor", "at"]
    list_filter = ["kind"]
    search_fields = ["case__billing_customer__name", "note"]
    list_select_related = ["case", "actor"]
