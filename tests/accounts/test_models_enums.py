"""Every accounts enum holds exactly the spec's values (accounts.md §1.2-§1.9, health.md §1.1)."""

import pytest

from accounts import models as m

# Typed from the spec, not from the code.
SPEC = [
    (m.NewOwner, ["US TAM", "US CSM", "EU TAM", "EU CSM", "Ready to move"]),
    (m.CloudRegion, ["US", "EU"]),
    (m.BusinessType, ["B2B SaaS", "E-commerce", "Marketplace", "Developer Tools", "Fintech",
                      "Healthcare", "Other"]),
    (m.BusinessModel, ["B2B", "B2C", "B2B and B2C"]),
    (m.CompanyStage, ["Seed", "Series A", "Series B", "Series C+", "Public", "Bootstrapped",
                      "Acquired"]),
    (m.Plan, ["free", "monthly", "annual", "startup", "yc"]),
    (m.SubscriptionInterval, ["month", "year"]),
    (m.SubscriptionStatus, ["active", "past_due", "cancelled"]),
    (m.ExpansionLevers, ["viable", "none"]),
    (m.Top40Pin, ["auto", "pinned_in", "pinned_out"]),
    (m.SharedChannelPlatform, ["slack", "ms_teams"]),
    (m.ProductMaturity, ["Basic", "Intermediate", "Advanced"]),
    (m.ContactRole, ["champion", "economic_buyer", "power_user", "admin", "technical_stakeholder",
                     "end_user", "finance_contact", "exec_sponsor"]),
    (m.ContactStatus, ["active", "changed_role", "left"]),
    (m.PreferredChannel, ["slack", "email", "calls", "async", "ms_teams", "in_app_survey",
                          "linkedin"]),
    (m.LeadOutcome, ["added_to_book", "disqualified", "nurturing", "expired"]),
    (m.NoteKind, ["note", "call", "meeting", "qbr", "business_value_call", "in_person_visit",
                  "email", "slack", "in_app_survey", "linkedin", "loom"]),
    (m.NoteDirection, ["outbound", "inbound", "internal"]),
    (m.NoteTag, ["pricing", "billing", "renewal", "handover", "optimization", "feature_request",
                 "alternatives_mentioned", "data_export_request", "churn"]),
    (m.TimelineEventType, [
        "owner_changed", "overlay_changed", "new_owner_set", "segment_added", "segment_removed",
        "plan_saved", "handover_status", "onboarding_item", "health_band_changed",
        "signal_opened", "signal_closed", "churn_risk_flagged", "churn_risk_resolved",
        "escalation", "invoice_late", "dunning_step", "template_sent", "territory_entry",
        "contact_status_changed",  # issue 16 adds it to the §1.9 enum
    ]),
    (m.MetricsSource, ["api", "csv"]),
    (m.TicketPriority, ["urgent", "high", "normal", "low"]),
    (m.TicketStatus, ["open", "pending", "solved", "closed"]),
    (m.IncidentSeverity, ["SEV 0", "SEV 1", "SEV 2", "SEV 3", "SEV 4"]),
    (m.IncidentRegion, ["US", "EU", "both"]),
    (m.RecommendationStatus, ["open", "actioned", "dismissed"]),
]


@pytest.mark.parametrize(("enum", "values"), SPEC, ids=[e.__name__ for e, _ in SPEC])
def test_it_holds_exactly_the_spec_values(enum, values):
    assert list(enum.values) == values


def test_it_labels_the_economic_buyer_as_the_spec_does():
    assert m.ContactRole.ECONOMIC_BUYER.label == "Economic decision-maker"


@pytest.mark.parametrize(
    ("model", "field", "enum"),
    [
        (m.Account, "new_owner", m.NewOwner),
        (m.Account, "cloud_region", m.CloudRegion),
        (m.Account, "business_type", m.BusinessType),
        (m.Account, "business_model", m.BusinessModel),
        (m.Account, "stage", m.CompanyStage),
        (m.Account, "plan", m.Plan),
        (m.Account, "subscription_interval", m.SubscriptionInterval),
        (m.Account, "subscription_status", m.SubscriptionStatus),
        (m.Account, "expansion_levers", m.ExpansionLevers),
        (m.Account, "top_40_pin", m.Top40Pin),
        (m.Account, "shared_channel_platform", m.SharedChannelPlatform),
        (m.AccountProduct, "maturity", m.ProductMaturity),
        (m.Contact, "status", m.ContactStatus),
        (m.Contact, "preferred_channel", m.PreferredChannel),
        (m.LeadMembership, "outcome", m.LeadOutcome),
        (m.Note, "kind", m.NoteKind),
        (m.Note, "direction", m.NoteDirection),
        (m.TimelineEvent, "type", m.TimelineEventType),
        (m.AccountDailyMetrics, "source", m.MetricsSource),
        (m.SupportTicket, "priority", m.TicketPriority),
        (m.SupportTicket, "status", m.TicketStatus),
        (m.Incident, "severity", m.IncidentSeverity),
        (m.Incident, "cloud_region", m.IncidentRegion),
        (m.CustomerRecommendation, "status", m.RecommendationStatus),
    ],
)
def test_it_offers_the_enum_as_the_fields_choices(model, field, enum):
    choices = [value for value, _ in model._meta.get_field(field).choices]
    assert choices == list(enum.values)
    longest = max(len(v) for v in enum.values)
    assert model._meta.get_field(field).max_length >= longest
