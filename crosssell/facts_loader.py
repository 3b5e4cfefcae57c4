"""J-1 step 2 `compute_facts`, the read half: every input of one chunk of accounts in a fixed
number of queries, built into the engine's `AccountFactsInput` (plus where each figure came
from). Nothing here writes; `crosssell.pipeline` stores the rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from accounts.engine import usage as usage_engine

from .engine import AccountFactsInput, MemberGroup, ProductFact
from .engine.facts import (
    FEED_WAREHOUSE,
    ZERO,
    BatchExport,
    Champion,
    SignalEvent,
    Ticket,
    Usage,
)
from .engine.people import DEFAULT_FAMILY_RULES, FamilyRule, families_for_title
from .engine.phase import team_of
from .models import (
    AccountCrossSellState,
    AccountSignalEvent,
    ComplianceScreen,
    ImplementationCheckItem,
    ItemStatus,
    RoleFamilyRule,
)

USAGE_DAYS = 91  # experiments' 90-day rule and the 90-day counters, as_of included
SUBSCRIPTION_PRODUCTS = ("teams_addon", "boost_package", "scale_package", "enterprise_package")
EVENT_LOOKBACK_DAYS = 365


@dataclass
class ChunkInputs:
    """What `load_chunk` read, by account id; `facts` is the engine input."""

    facts: dict[int, AccountFactsInput] = field(default_factory=dict)
    sources: dict[int, dict] = field(default_factory=dict)
    owners: dict[int, int | None] = field(default_factory=dict)  # account id → owner user id
    names: dict[int, str] = field(default_factory=dict)
    org_owners: dict[int, list[dict]] = field(default_factory=dict)  # {id, name, families}
    teams: dict[int, list[str]] = field(default_factory=dict)
    states: dict[int, AccountCrossSellState] = field(default_factory=dict)
    screens: dict[int, ComplianceScreen] = field(default_factory=dict)
    check_items: dict[int, dict[str, ImplementationCheckItem]] = field(default_factory=dict)
    group_plan: dict[int, bool] = field(default_factory=dict)


def family_rules() -> list[FamilyRule]:
    """P-6's role-family map (D-1); the seeded defaults when the table is empty."""
    rules = [
        FamilyRule(r.keyword, tuple(r.families), r.exclusive)
        for r in RoleFamilyRule.objects.order_by("order", "keyword")
    ]
    return rules or list(DEFAULT_FAMILY_RULES)


def last_full_month(as_of: date) -> date:
    """D-8: the last full service month before `as_of`'s month."""
    return (as_of.replace(day=1) - timedelta(days=1)).replace(day=1)


def account_month_multipliers(account_ids: Iterable[int], month: date) -> dict[int, Decimal | None]:
    """AccountFacts.multiplier (issue 18, Build item 3): quota's stored Q-3 multiplier for the
    month, null where quota has none; one query."""
    from quota import selectors as quota_selectors

    ids = list(account_ids)
    stored = quota_selectors.account_month_multipliers(ids, month)
    return {account_id: stored.get(account_id) for account_id in ids}


def load_chunk(account_ids: list[int], as_of: date, rules: list[FamilyRule] | None = None) -> ChunkInputs:
    """Sixteen queries for any number of accounts (asserted in tests/crosssell)."""
    from accounts.models import Account, AccountProduct, Contact, Incident, SupportTicket
    from accounts.selectors import daily_usage_for
    from billing import selectors as billing_selectors

    ids = list(dict.fromkeys(account_ids))
    rules = rules if rules is not None else family_rules()  # 1 query (once per run when passed)
    out = ChunkInputs()
    accounts = list(
        Account.objects.filter(pk__in=ids).values(
            "id",
            "name",
            "owner_id",
            "business_model",
            "employee_count",
            "company_tags",
            "plan",
            "hq_country",
        )
    )
    contacts: dict[int, list[Any]] = defaultdict(list)
    for c in (
        Contact.objects.filter(account_id__in=ids)
        .values(
            "id",
            "account_id",
            "name",
            "title",
            "department",
            "org_member",
            "roles",
            "status",
            "status_changed_on",
            "last_seen_at",
            "is_org_owner",
        )
        .order_by("account_id", "id")
    ):
        contacts[c["account_id"]].append(c)
    start = as_of - timedelta(days=USAGE_DAYS - 1)
    rows = daily_usage_for(ids, start, as_of)
    paying: dict[int, dict[str, date | None]] = defaultdict(dict)
    for account_id, key, first_paid in AccountProduct.objects.filter(
        account_id__in=ids, paying=True
    ).values_list("account_id", "product_key", "first_paid_on"):
        paying[account_id][key] = first_paid
    month = last_full_month(as_of)
    spend = billing_selectors.product_spend_for_month(ids, month)
    first_paid_dates = billing_selectors.first_paid_invoice_dates(ids)
    contracts = billing_selectors.active_prepaid_contracts(ids, as_of)
    tickets: dict[int, list[Ticket]] = defaultdict(list)
    for account_id, external_id, priority in (
        SupportTicket.objects.filter(account_id__in=ids, status__in=("open", "pending"))
        .values_list("account_id", "external_id", "priority")
        .order_by("account_id", "opened_at")
    ):
        tickets[account_id].append(Ticket(external_id, priority))
    incidents: dict[int, list[str]] = defaultdict(list)
    through = Incident.affected_accounts.through
    for account_id, incident_id, external_id in (
        through.objects.filter(account_id__in=ids, incident__resolved_at__isnull=True)
        .values_list("account_id", "incident_id", "incident__external_id")
        .order_by("account_id", "incident_id")
    ):
        incidents[account_id].append(external_id or str(incident_id))
    events: dict[int, list[SignalEvent]] = defaultdict(list)
    for e in (
        AccountSignalEvent.objects.filter(
            account_id__in=ids,
            occurred_on__gte=as_of - timedelta(days=EVENT_LOOKBACK_DAYS),
            occurred_on__lte=as_of,
        )
        .values("id", "account_id", "type", "occurred_on", "product", "cleared_at")
        .order_by("account_id", "occurred_on", "id")
    ):
        events[e["account_id"]].append(
            SignalEvent(
                e["type"], e["occurred_on"], e["product"] or None, e["cleared_at"] is not None, str(e["id"])
            )
        )
    for item in ImplementationCheckItem.objects.filter(account_id__in=ids):
        out.check_items.setdefault(item.account_id, {})[item.item] = item
    out.screens = {s.account_id: s for s in ComplianceScreen.objects.filter(account_id__in=ids)}
    out.states = {s.account_id: s for s in AccountCrossSellState.objects.filter(account_id__in=ids)}
    multipliers = account_month_multipliers(ids, month)

    for a in accounts:
        account_id = a["id"]
        out.owners[account_id] = a["owner_id"]
        out.names[account_id] = a["name"]
        day_rows = rows.get(account_id, [])
        scan = _scan(day_rows, as_of)
        products = _products(scan, as_of, paying[account_id], spend.get(account_id, {}), start)
        members, champions, owners, teams = _people(contacts[account_id], as_of, rules)
        out.org_owners[account_id] = [
            {"id": c["id"], "name": c["name"], "families": list(c["families"])} for c in owners
        ]
        out.teams[account_id] = teams
        state = out.states.get(account_id)
        screen = out.screens.get(account_id)
        group_plan = "group_analytics" in paying[account_id]
        out.group_plan[account_id] = group_plan
        annual = a["plan"] == "annual" and account_id in contracts
        contract_start, contract_end = contracts.get(account_id, (None, None))
        open_items = tuple(
            sorted(
                key
                for key, item in out.check_items.get(account_id, {}).items()
                if item.status == ItemStatus.OPEN
            )
        )
        usage = _usage(day_rows, scan, group_plan)
        out.facts[account_id] = AccountFactsInput(
            as_of=as_of,
            products=products,
            members=members,
            business_model=a["business_model"] or None,
            employee_count=a["employee_count"],
            company_tags=tuple(a["company_tags"] or ()),
            billing_type="annual" if annual else "monthly",
            contract_start=contract_start if annual else None,
            contract_end=contract_end if annual else None,
            paid_start=None if annual else first_paid_dates.get(account_id),
            replay_prohibited=bool(state and state.replay_prohibited),
            open_incidents=tuple(incidents[account_id]),
            open_tickets=tuple(tickets[account_id]),
            open_implementation_items=open_items,
            champions=champions,
            events=tuple(events[account_id]),
            usage=usage,
            data_engineer_owner=None,  # the pipeline tracks owner changes (PAUSE-8)
            compliance_status=screen.status if screen else "ok",
        )
        out.sources[account_id] = {
            "spend_month": month.isoformat(),
            "spend": "billing.selectors.product_spend_for_month (finalized invoices, net lines, D-8)",
            "usage": f"accounts.AccountDailyMetrics {start}…{as_of} ({len(day_rows)} rows)",
            "contract": "billing active prepaid contract" if annual else "monthly (first paid invoice)",
            "multiplier": None if multipliers.get(account_id) is None else str(multipliers[account_id]),
            "hq_country": a["hq_country"],
        }
    return out


def _products(
    scan: "Scan", as_of: date, paying: dict[str, date | None], spend: dict[str, Decimal], start: date
) -> dict[str, ProductFact]:
    """Each product's spend and catalogue activity (`accounts.engine.usage.ACTIVE_RULES`, the
    same rule as `products_used_30d`), from the one pass over the rows (`_scan`)."""
    first, last = scan.first, scan.last
    keys = set(usage_engine.ACTIVE_RULES) | set(paying) | set(spend)
    out: dict[str, ProductFact] = {}
    for key in sorted(keys):
        rule = usage_engine.ACTIVE_RULES.get(key)
        if rule is not None:
            since = as_of - timedelta(days=rule.days - 1)
            hits = [last.get((key, name), date.min) >= since for name in rule.counters]
            met = all(hits) if rule.require_all else any(hits)
            is_active = met and (not rule.needs_plan or key in paying)
            used = [first[(key, name)] for name in rule.counters if (key, name) in first]
            first_seen = min(used) if used else None
        else:
            is_active = key in SUBSCRIPTION_PRODUCTS and key in paying  # "subscription active"
            first_seen = None
        amount = spend.get(key, ZERO)
        if not is_active and amount == ZERO:
            continue
        # A first use on the window's first day may be older than the window: unknown then.
        first_used = paying.get(key) or (first_seen if first_seen and first_seen > start else None)
        out[key] = ProductFact(
            spend_last_month=amount, active=is_active, activated_at=None,  # ACT: activation issue
            first_used_at=first_used,
        )
    return out


def _people(contacts: list[dict], as_of: date, rules: list[FamilyRule]):
    members: list[MemberGroup] = []
    champions: list[Champion] = []
    owners: list[dict] = []
    for c in contacts:
        families = families_for_title(c["title"] or "", rules)
        if "champion" in (c["roles"] or []):
            champions.append(Champion(c["name"], c["status"], c["status_changed_on"]))
        if c["is_org_owner"] and c["status"] != "left":
            owners.append({**c, "families": families})
        if not c["org_member"] or c["status"] == "left":
            continue
        seen = c["last_seen_at"]
        active = seen is not None and usage_engine.in_window(seen.date(), as_of, 30)
        group = MemberGroup(families, active, 1, c["department"] or "")
        members.append(MemberGroup(families, active, 1, team_of(group)))
    teams = sorted({m.team for m in members})
    return tuple(members), tuple(champions), owners, teams


# The counters compute_facts reads: (product, counter) → (window days, level?).
USAGE_READS: dict[tuple[str, str], tuple[int, bool]] = {
    ("session_replay", "recordings_analysed"): (30, False),
    ("feature_flags", "active_flags"): (30, True),
    ("feature_flags", "flags_created"): (90, False),
    ("experiments", "experiment_page_views"): (90, False),
    ("web_analytics", "web_analytics_page_views"): (90, False),
    ("llm_observability", "eval_runs"): (30, False),
    ("group_analytics", "group_count"): (30, True),
    ("data_pipelines", "running_batch_exports"): (30, True),
    ("data_pipelines", "realtime_destination_events"): (30, False),
}
WEEKS = 5  # PAUSE-6 reads the last five complete ISO weeks


# (product, counter) pairs whose first and last positive day `_products` needs.
_ACTIVITY: dict[str, frozenset[str]] = {
    product: frozenset(rule.counters) for product, rule in usage_engine.ACTIVE_RULES.items()
}


@dataclass
class Scan:
    """What one pass over an account's rows yields."""

    first: dict[tuple[str, str], date]  # (product, counter) → first day above zero
    last: dict[tuple[str, str], date]  # … and the last one
    values: dict[tuple[str, str], int]  # USAGE_READS over their windows
    weekly: list[int]  # events of the last complete ISO weeks, oldest first


def _scan(day_rows, as_of: date) -> Scan:
    """One pass (rows oldest first): the first/last positive day of each activity counter,
    flows summed over their trailing window, levels as the latest row's value
    (`accounts.engine.usage`'s conventions), and event totals of the last complete ISO weeks."""
    first: dict[tuple[str, str], date] = {}
    last: dict[tuple[str, str], date] = {}
    values: dict[tuple[str, str], int] = dict.fromkeys(USAGE_READS, 0)
    reads: dict[str, list[tuple[str, date, bool]]] = defaultdict(list)
    for (product, name), (days, level) in USAGE_READS.items():
        reads[product].append((name, as_of - timedelta(days=days - 1), level))
    monday = as_of - timedelta(days=as_of.weekday())
    last_monday = monday if as_of.weekday() == 6 else monday - timedelta(days=7)
    first_monday = last_monday - timedelta(days=7 * (WEEKS - 1))
    week_end = min(last_monday + timedelta(days=6), as_of)
    weeks = [0] * WEEKS
    seen = [False] * WEEKS
    events_key = ("product_analytics", usage_engine.EVENT_COUNT)
    for row in day_rows:
        day = row.date
        if row.event_count > 0:
            first.setdefault(events_key, day)
            last[events_key] = day
        if first_monday <= day <= week_end:
            index = (day - first_monday).days // 7
            weeks[index] += row.event_count
            seen[index] = True
        for product, counters in row.product_usage.items():
            wanted = _ACTIVITY.get(product)
            if wanted:
                for name in wanted:
                    value = counters.get(name)
                    if value and int(value) > 0:
                        key = (product, name)
                        first.setdefault(key, day)
                        last[key] = day
            for name, since, level in reads.get(product, ()):
                if day < since or name not in counters:
                    continue
                key = (product, name)
                value = int(counters[name])
                values[key] = value if level else values[key] + value
    return Scan(first, last, values, [w for w, s in zip(weeks, seen, strict=True) if s])


def _windows(day_rows, as_of: date) -> tuple[dict[tuple[str, str], int], list[int]]:
    """The window half of `_scan`: (USAGE_READS values, weekly event totals)."""
    scan = _scan(day_rows, as_of)
    return scan.values, scan.weekly


def _usage(day_rows, scan: Scan, group_plan: bool) -> Usage:
    values, weekly = scan.values, scan.weekly
    latest = day_rows[-1] if day_rows else None
    exports: list[BatchExport] = []
    if latest is not None and latest.warehouse_export_active:
        exports.append(BatchExport(FEED_WAREHOUSE, "events", True))
    elif values[("data_pipelines", "running_batch_exports")] > 0:
        exports.append(BatchExport("other", "events", True))
    realtime = ("other",) if values[("data_pipelines", "realtime_destination_events")] > 0 else ()
    return Usage(
        recordings_analysed_30d=values[("session_replay", "recordings_analysed")],
        active_flags=values[("feature_flags", "active_flags")],
        flags_created_90d=values[("feature_flags", "flags_created")],
        flags_created_by_family_90d={},  # the feed does not say who created a flag yet
        experiment_page_views_90d=values[("experiments", "experiment_page_views")],
        web_analytics_page_views_90d=values[("web_analytics", "web_analytics_page_views")],
        eval_runs_30d=values[("llm_observability", "eval_runs")],
        group_count=values[("group_analytics", "group_count")],
        group_analytics_plan="active" if group_plan else None,
        events_weekly=tuple(weekly),
        custom_event_names=(),
        batch_exports=tuple(exports),
        realtime_destinations=realtime,
    )
