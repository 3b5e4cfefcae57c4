"""The admin is a RevOps tool: RevOps admins (and superusers) may use it, nobody else."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .rules import is_revops_admin


class RevOpsAdmin(SimpleHistoryAdmin):
    """Model admin whose every permission is `is_revops_admin`; changes keep history."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self._audited = hasattr(model._meta, "simple_history_manager_attribute")
        if not self._audited:
            # System-written or high-volume tables have no simple-history: Django's log view.
            self.object_history_template = "admin/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        if not self._audited:
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def _allowed(self, request) -> bool:
        return bool(is_revops_admin(request.user))

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

