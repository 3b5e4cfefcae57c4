"""The admin is a RevOps tool: RevOps admins (and superusers) may use it, nobody else."""

from simple_history.admin import SimpleHistoryAdmin

from .rules import is_revops_admin


class RevOpsAdmin(SimpleHistoryAdmin):
    """Model admin whose every permission is `is_revops_admin`; changes keep history."""

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
