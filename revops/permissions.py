from rest_framework.permissions import BasePermission

from accounts.rules import is_revops_admin


class IsRevOpsAdmin(BasePermission):
    """The `is_revops_admin` predicate, for DRF views."""

    message = "Only RevOps admins may do this."

    def has_permission(self, request, view) -> bool:
        return bool(is_revops_admin(request.user))
