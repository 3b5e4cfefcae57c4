"""accounts tables, split by concern; import them from here."""

from .accounts import (
    Account,
    BusinessModel,
    BusinessType,
    CloudRegion,
    CompanyStage,
    ExpansionLevers,
    NewOwner,
    Plan,
    SharedChannelPlatform,
    SubscriptionInterval,
    SubscriptionStatus,
    Top40Pin,
)
from .activity import Note, NoteDirection, NoteKind, NoteTag, TimelineEvent, TimelineEventType
from .books import LeadMembership, LeadOutcome
from .contacts import Contact, ContactRole, ContactStatus, PreferredChannel
from .health import (
    CustomerRecommendation,
    Incident,
    IncidentRegion,
    IncidentSeverity,
    RecommendationStatus,
    SeasonalExplanation,
    SupportTicket,
    TicketPriority,
    TicketStatus,
)
from .notifications import Notification
from .people import Region, Role, RoleAssignment, RoleAssignmentKey, Team, TeamKind, User
from .products import AccountProduct, ProductMaturity
from .segments import Segment, SegmentKind, SegmentMembership
from .usage import AccountDailyMetrics, MetricsSource

__all__ = [
    "Account",
    "AccountDailyMetrics",
    "AccountProduct",
    "BusinessModel",
    "BusinessType",
    "CloudRegion",
    "CompanyStage",
    "Contact",
    "ContactRole",
    "ContactStatus",
    "CustomerRecommendation",
    "ExpansionLevers",
    "Incident",
    "IncidentRegion",
    "IncidentSeverity",
    "LeadMembership",
    "LeadOutcome",
    "MetricsSource",
    "NewOwner",
    "Note",
    "NoteDirection",
    "NoteKind",
    "NoteTag",
    "Notification",
    "Plan",
    "PreferredChannel",
    "ProductMaturity",
    "RecommendationStatus",
    "Region",
    "Role",
    "RoleAssignment",
    "RoleAssignmentKey",
    "SeasonalExplanation",
    "Segment",
    "SegmentKind",
    "SegmentMembership",
    "SharedChannelPlatform",
    "SubscriptionInterval",
    "SubscriptionStatus",
    "SupportTicket",
    "Team",
    "TeamKind",
    "TicketPriority",
    "TicketStatus",
    "TimelineEvent",
    "TimelineEventType",
    "Top40Pin",
    "User",
]
