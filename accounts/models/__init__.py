from .accounts import Account
from .notifications import Notification
from .people import Region, Role, RoleAssignment, RoleAssignmentKey, Team, TeamKind, User

__all__ = [
    "Account",
    "Notification",
    "Region",
    "Role",
    "RoleAssignment",
    "RoleAssignmentKey",
    "Team",
    "TeamKind",
    "User",
]
