"""The engine's input: one account's facts as of a date (crosssell.md AccountFacts).

The preview builds it from the request, the nightly pipeline from the stored rows; both hand it
to the same functions. Money is Decimal; every date is a calendar day.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")

O4_WAREHOUSES = frozenset({"snowflake", "bigquery", "redshift", "databricks", "s3", "postgres", "azure_blob"})
DESTINATIONS = O4_WAREHOUSES | {"http", "other"}
# The usage feed says only "an enabled batch export to a warehouse destination" (no name).
FEED_WAREHOUSE = "warehouse"
EXPORT_TABLES = frozenset({"events", "persons", "sessions"})
REALTIME_TYPES = frozenset({"crm", "ad_platform", "other"})
TICKET_PRIORITIES = frozenset({"urgent", "high", "normal", "low"})
URGENT_PRIORITIES = frozenset({"urgent", "high"})  # PAUSE-1: "an open urgent/high ticket"
CHAMPION_STATUSES = frozenset({"active", "changed_role", "left"})
BUSINESS_MODELS = frozenset({"B2B", "B2C", "B2B and B2C"})
B2B_MODELS = frozenset({"B2B", "B2B and B2C"})  # D-6: a mixed company has B2B needs
SIGNAL_EVENT_TYPES: tuple[str, ...] = (
    "budget_constraint",
    "price_complaint",
    "funding_raised",
    "customer_revenue_increase",
    "customer_product_launch",
    "competitor_sdk_gap",
    "hiring",
    "geo_expansion",
    "business_model_shift",
    "customer_initiated_interest",
    "successful_outcome",
    "qbr_scheduled",
    "positive_announcement",
    "challenge_mentioned",
    "et_signal",
    "competitor_detected",
    "forcing_function",
    "expansion_signal",
)
IMPLEMENTATION_ITEMS: tuple[str, ...] = (
    "identify_every_pageload",
    "autocapture_no_actions",
    "replay_default_settings",
    "group_analytics_unused",
    "no_reverse_proxy",
    "inflated_identify_group_calls",
    "no_flag_fallbacks",
)
COMPLIANCE_STATUSES = ("ok", "review_required", "blocked", "discretionary_hold")


@dataclass(frozen=True)
class ProductFact:
    spend_last_month: Decimal = ZERO
    active: bool = False
    activated_at: date | None = None
    first_used_at: date | None = None


@dataclass(frozen=True)
class MemberGroup:
    """`count` alike org members (status ≠ left); families per D-1, multi-valued."""

    families: tuple[str, ...] = ("other",)
    active: bool = True
    count: int = 1
    team: str = ""  # Contact.department, else the primary family (Entities); pipeline only


@dataclass(frozen=True)
class Champion:
    name: str | None = None
    status: str = "active"
    status_changed_on: date | None = None


@dataclass(frozen=True)
class SignalEvent:
    type: str
    occurred_on: date
    product: str | None = None
    cleared: bool = False
    ref: str | None = None  # the stored event's id (pipeline)


@dataclass(frozen=True)
class Ticket:
    id: str | None = None
    priority: str = "normal"


@dataclass(frozen=True)
class BatchExport:
    destination: str = "other"
    table: str = "events"
    running: bool = True


@dataclass(frozen=True)
class Usage:
    recordings_analysed_30d: int = 0
    active_flags: int = 0
    flags_created_90d: int = 0
    flags_created_by_family_90d: Mapping[str, int] = field(default_factory=dict)
    experiment_page_views_90d: int = 0
    web_analytics_page_views_90d: int = 0
    eval_runs_30d: int = 0
    group_count: int = 0
    group_analytics_plan: str | None = None
    events_weekly: tuple[int, ...] = ()
    custom_event_names: tuple[str, ...] = ()
    batch_exports: tuple[BatchExport, ...] = ()
    realtime_destinations: tuple[str, ...] = ()  # destination types


@dataclass(frozen=True)
class OwnerChange:
    """PAUSE-8 (D-17): ownership passed to a data-family contact on `changed_on`."""

    name: str
    changed_on: date


@dataclass(frozen=True)
class AccountFactsInput:
    as_of: date
    products: Mapping[str, ProductFact] = field(default_factory=dict)
    members: tuple[MemberGroup, ...] = ()
    business_model: str | None = None
    employee_count: int | None = None
    company_tags: tuple[str, ...] = ()
    billing_type: str = "monthly"
    contract_start: date | None = None
    contract_end: date | None = None
    paid_start: date | None = None
    replay_prohibited: bool = False
    open_incidents: tuple[str | None, ...] = ()  # ids
    open_tickets: tuple[Ticket, ...] = ()
    open_implementation_items: tuple[str, ...] = ()
    champions: tuple[Champion, ...] = ()
    events: tuple[SignalEvent, ...] = ()
    usage: Usage = field(default_factory=Usage)
    # Pipeline only (the preview has no history): PAUSE-8 and the WWDB screen.
    data_engineer_owner: OwnerChange | None = None
    compliance_status: str = "ok"

    def product(self, key: str) -> ProductFact:
        return self.products.get(key) or ProductFact()

    def active(self, key: str) -> bool:
        fact = self.products.get(key)
        return fact is not None and fact.active

    def spend(self, key: str) -> Decimal:
        fact = self.products.get(key)
        return fact.spend_last_month if fact is not None else ZERO

    # --- people, counted as contracts.md "Inputs, exactly" says ----------------------------

    def members_in(self, family: str, *, active_only: bool = False) -> int:
        return sum(g.count for g in self.members if family in g.families and (g.active or not active_only))

    def members_in_any(self, families: frozenset[str], *, active_only: bool = False) -> int:
        return sum(
            g.count
            for g in self.members
            if families.intersection(g.families) and (g.active or not active_only)
        )

    @property
    def active_people(self) -> int:
        return sum(g.count for g in self.members if g.active)

    def event_in_force(self, event: SignalEvent, days: int) -> bool:
        """Not cleared and `as_of` < occurred_on + days (contracts.md: on day 90 it is gone)."""
        return not event.cleared and (self.as_of - event.occurred_on).days < days
