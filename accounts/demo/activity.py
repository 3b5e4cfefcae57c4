"""The accounts app's activity in the demo, rendered from each story.

Contacts, notes (and their contacts), timeline events, support tickets, incidents, advice given
(CustomerRecommendation), seasonal explanations and Leads (accounts.md §1.3, §1.5, §1.9; health.md
§1.1). `channel_fields` is the Account row's shared channel (S-4), for `accounts.demo.account_row`.
Every choice comes from a generator of its own per (purpose, account), so rows never depend on
chunking or on the database; the census counts what the written rows actually meet.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from accounts.models import (
    Contact,
    CustomerRecommendation,
    Incident,
    LeadMembership,
    Note,
    SeasonalExplanation,
    SupportTicket,
    TimelineEvent,
)

from .activity_plan import NoteWriter, Setting, at, contacts_for
from .activity_records import Rendered, advice, explanations, leads, tickets, timeline
from .activity_text import INCIDENT_TITLES
from .commercial import Commercial, commercial_fields
from .context import DemoContext
from .story import AccountStory
from .usage import ChunkCensus, month_index, month_start, usage_plan

CHANNEL_ODDS = {"tam": 0.9, "csm": 0.9, "unassigned": 0.8, "tae": 0.6, "lead": 0.4}
INCIDENTS = 8
SEVERITY = {"SEV 0": 1, "SEV 1": 3, "SEV 2": 7, "SEV 3": 6, "SEV 4": 3}


def _allocation(ctx: DemoContext, story: AccountStory, money: Commercial | None = None):
    """The allocation accounts.demo.account_row wrote (memoized there, per chunk)."""
    from . import account_allocation  # late: accounts.demo imports channel_fields from here

    return account_allocation(ctx, story)


def channel_fields(ctx: DemoContext, story: AccountStory) -> tuple[str, str, datetime | None]:
    """(shared_channel_platform, shared_channel_name, last_customer_message_at) for the Account.

    Channels go to the accounts worth one (OB-2: ≥ $20k, trials, leads); about one in six has
    been silent for 14+ days (health.md S-4), churned accounts since they left.
    """
    return _channel(ctx, story, _allocation(ctx, story).segment)


QUIET_CHANNEL = {"declining": 0.6, "cooling": 0.35}  # odds a channel has been silent 14+ days, by arc


def _channel(ctx: DemoContext, story: AccountStory, segment: str) -> tuple[str, str, datetime | None]:
    rng = ctx.rng("channel", story.index)
    odds = CHANNEL_ODDS.get(segment, 0.3 if story.tier in ("large", "top") else 0.0)
    if story.churn_month is not None:
        odds = 0.3 if story.tier != "small" else 0.0
    if rng.random() >= odds:
        return "", "", None
    slack = rng.random() < 0.85
    words = story.name.split()
    name = "posthog-" + "-".join(w.lower() for w in words) if slack else "".join(words) + "-PostHog"
    created = ctx.month_starts[story.first_month]
    end = ctx.as_of if story.churn_month is None else ctx.month_starts[story.churn_month]
    roll = rng.random()
    if roll < 0.03:
        return ("slack" if slack else "ms_teams"), name, None
    quiet = QUIET_CHANNEL.get(usage_plan(ctx, story).arc, 0.18)  # health.md S-4: relationship going cold
    back = rng.randint(15, 60) if roll < quiet or story.churn_month is not None else rng.randint(1, 10)
    day = max(created, end - timedelta(days=back))
    return ("slack" if slack else "ms_teams"), name, at(rng, day, story.region)


def _owned_on(ctx: DemoContext, story: AccountStory, segment: str) -> date:
    months = len(story.lines)
    m = story.first_month if segment == "tae" else next(
        (m for m in range(story.first_month, months) if story.monthly_total(m) * 12 >= 20_000), months - 3
    )
    return min(ctx.month_starts[max(m, story.first_month)] + timedelta(days=3), ctx.as_of - timedelta(days=7))


def render(ctx: DemoContext, story: AccountStory) -> Rendered:
    money = commercial_fields(story, ctx.month_starts, ctx.as_of)
    alloc = _allocation(ctx, story, money)
    platform, _, last_message = _channel(ctx, story, alloc.segment)
    everyone = [t for ts in ctx.cast.tams_by_region.values() for t in ts]
    tams = ctx.cast.tams_by_region.get(story.region) or everyone
    tam = alloc.book_tam_id or alloc.overlay_tam_id or alloc.lead_tam_id
    primary = alloc.owner_id or tam
    lead_rng = ctx.rng("leads", story.index)
    created = ctx.month_starts[story.first_month]
    lead_added = max(created, ctx.as_of - timedelta(days=lead_rng.randint(0, 88)))
    owned_on = None
    if alloc.segment == "lead":
        owned_on = lead_added
    elif alloc.owner_id is not None:
        owned_on = max(created, _owned_on(ctx, story, alloc.segment))
    s = Setting(
        as_of=ctx.as_of,
        created=created,
        end=ctx.as_of if story.churn_month is None else ctx.month_starts[story.churn_month],
        region_tam=tams[story.index % len(tams)] if tams else None,
        primary=primary,
        secondary=tam if tam != primary else None,
        owned_on=owned_on,
        segment=alloc.segment,
        renewal=money.renewal_date,
        usage=usage_plan(ctx, story),
        platform=platform,
        last_message=last_message,
        months=[month_start(ctx, m) for m in range(ctx.months + 2)],
    )
    contacts = contacts_for(story, s, ctx.rng("contacts", story.index))
    writer = NoteWriter(story, s, contacts, ctx.rng("notes", story.index))
    writer.rhythm()
    writer.moments()
    champion = contacts[0]
    replaced = any(c.since is not None for c in contacts)
    alone = s.live and champion.status == "left" and not replaced
    quiet = alone and ctx.rng("d-10", story.index).random() < 0.5
    notes = writer.finish(quiet_inbound=quiet, needs_inbound=alone and not quiet)
    rendered = Rendered(story, contacts, notes, [], [], [], [], [], s, alloc.owner_id)
    timeline(ctx, rendered, alloc)
    leads(ctx, rendered, alloc, lead_rng, lead_added, float(money.arr))
    tickets(ctx, rendered)
    advice(ctx, rendered)
    explanations(ctx, rendered)
    return rendered


@dataclass(frozen=True)
class IncidentPlan:
    id: int
    external_id: str
    severity: str
    title: str
    products: tuple[str, ...]
    region: str
    started: datetime
    resolved: datetime | None


class _Incidents:
    """The demo's incidents belong to no one account: planned and written once per run."""

    def __init__(self) -> None:
        self._ctx: DemoContext | None = None
        self.plans: list[IncidentPlan] = []

    def for_run(self, ctx: DemoContext) -> tuple[list[IncidentPlan], bool]:
        """This run's incidents, and whether they are new (to be written now)."""
        if self._ctx is ctx:
            return self.plans, False
        self._ctx, self.plans = ctx, plan_incidents(ctx, ctx.ids("incident", INCIDENTS))
        return self.plans, True


def plan_incidents(ctx: DemoContext, ids) -> list[IncidentPlan]:
    """One still open since yesterday, a few in the usage window, the rest further back."""
    rng = ctx.rng("incidents")
    plans = []
    for n, pk in enumerate(ids):
        back = 1 if n == 0 else rng.randint(5, 149) if n < 5 else rng.randint(150, 30 * ctx.months - 20)
        started = datetime.combine(ctx.as_of - timedelta(days=back), time(rng.randint(0, 23), 20), tzinfo=UTC)
        severity = "SEV 2" if n == 0 else rng.choices(list(SEVERITY), list(SEVERITY.values()))[0]
        products = tuple(rng.sample(sorted(INCIDENT_TITLES), rng.choice([1, 1, 2])))
        region = rng.choice(["US", "US", "EU", "both"])
        resolved = None if n == 0 else started + timedelta(minutes=rng.randint(25, 600))
        where = "" if region == "both" else f" ({region})"
        plans.append(IncidentPlan(pk, f"INC-{started:%Y%m%d}-{n + 1}", severity,
                                  INCIDENT_TITLES[products[0]] + where, products, region, started, resolved))
    return plans


_incidents = _Incidents()
_census = ChunkCensus()


def _affected(ctx: DemoContext, story: AccountStory, incident: IncidentPlan) -> bool:
    """health.md §1.1 default: accounts in the region using an affected product at the time."""
    day = incident.started.date()
    if incident.region not in ("both", story.region) or day < ctx.month_starts[story.first_month]:
        return False
    return bool(set(incident.products) & set(story.products_in(month_index(ctx, day))))


CONTACT_COLUMNS = (
    "id", "account_id", "name", "email", "title", "department", "org_member", "roles", "status",
    "status_changed_on", "priorities_goals", "motivations", "communication_style", "attending_events",
    "preferred_channel", "cadence", "last_seen_at",
)
NOTE_COLUMNS = (
    "id", "account_id", "author_id", "kind", "direction", "body", "occurred_at", "tags", "pinned",
    "created_at", "updated_at",
)


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    write = ctx.writer.write
    rendered = [render(ctx, story) for story in stories]
    plans, new = _incidents.for_run(ctx)
    if new:
        write(Incident, ("id", "external_id", "severity", "title", "affected_product_keys", "cloud_region",
                         "started_at", "resolved_at"),
              [(i.id, i.external_id, i.severity, i.title, list(i.products), i.region, i.started, i.resolved)
               for i in plans])
    contact_ids = iter(ctx.ids("contact", sum(len(r.contacts) for r in rendered)))
    contact_rows: list[tuple] = []
    first_contact: dict[int, int] = {}  # story index → its first contact's id (the rest follow)
    for r in rendered:
        for n, c in enumerate(r.contacts):
            pk = next(contact_ids)
            if n == 0:
                first_contact[r.story.index] = pk
            contact_rows.append((
                pk, r.story.account_id, c.name, c.email, c.title, c.department, c.org_member, c.roles,
                c.status, c.changed_on, c.priorities, c.motivations, c.style, c.events, c.preferred,
                c.cadence, c.last_seen,
            ))
    write(Contact, CONTACT_COLUMNS, contact_rows)
    note_ids = iter(ctx.ids("note", sum(len(r.notes) for r in rendered)))
    note_rows: list[tuple] = []
    links: list[tuple[int, int]] = []
    for r in rendered:
        base = first_contact[r.story.index]
        for note in r.notes:
            pk = next(note_ids)
            note_rows.append((pk, r.story.account_id, note.author, note.kind, note.direction, note.body,
                              note.at, note.tags, note.pinned, note.at, note.at))
            links += [(pk, base + i) for i in note.contacts]
    write(Note, NOTE_COLUMNS, note_rows)
    link_ids = iter(ctx.ids("note_contacts", len(links)))
    write(Note.contacts.through, ("id", "note_id", "contact_id"), ((next(link_ids), *link) for link in links))

    affected = [(i.id, r.story.account_id, r) for r in rendered for i in plans if _affected(ctx, r.story, i)]
    by_id = {i.id: i for i in plans}
    for pk, _, r in affected:
        incident = by_id[pk]
        if incident.severity in ("SEV 0", "SEV 1") and r.owner:
            template = "INC-SEV0-INITIAL" if incident.severity == "SEV 0" else "INC-CRITICAL"
            r.events.append((incident.started + timedelta(minutes=40), r.owner, "template_sent",
                             {"template": template, "incident": pk}))
    ids = iter(ctx.ids("incident_affected_accounts", len(affected)))
    write(Incident.affected_accounts.through, ("id", "incident_id", "account_id"),
          ((next(ids), pk, account) for pk, account, _ in affected))
    _write_rows(ctx, rendered)
    _census.put(ctx, stories, _count(ctx, rendered, _recently_hit(ctx, rendered, plans)))


def _write_rows(ctx: DemoContext, rendered: list[Rendered]) -> None:
    write = ctx.writer.write
    tables: tuple[tuple[type, str, tuple[str, ...], str], ...] = (
        (TimelineEvent, "timelineevent", ("at", "actor_id", "type", "payload"), "events"),
        (CustomerRecommendation, "customerrecommendation",
         ("given_at", "given_by_id", "product_key", "description", "status", "actioned_at"), "advice"),
        (SeasonalExplanation, "seasonalexplanation",
         ("starts_on", "ends_on", "reason", "created_by_id", "created_at"), "explanations"),
        (LeadMembership, "leadmembership",
         ("tam_id", "added_on", "deadline", "closed_on", "outcome"), "leads"),
    )
    for model, table, columns, attr in tables:
        rows = [(r.story.account_id, *row) for r in rendered for row in getattr(r, attr)]
        ids = iter(ctx.ids(table, len(rows)))
        write(model, ("id", "account_id", *columns), ((next(ids), *row) for row in rows))
    rows = [(r.story.account_id, *t) for r in rendered for t in r.tickets]
    ids = iter(ctx.ids("supportticket", len(rows)))
    columns = ("id", "external_id", "account_id", "opened_at", "priority", "tags", "status", "solved_at")
    write(SupportTicket, columns, ((pk, f"ZD-{pk}", *row) for pk, row in zip(ids, rows, strict=True)))


def _recently_hit(ctx: DemoContext, rendered: list[Rendered], plans: list[IncidentPlan]) -> set[int]:
    recent = ctx.as_of - timedelta(days=150)
    return {r.story.index for r in rendered for i in plans
            if i.started.date() >= recent and _affected(ctx, r.story, i)}


def _count(ctx: DemoContext, rendered: list[Rendered], hit: set[int]) -> Counter:
    """Accounts whose written activity meets each rule on as_of (health.md S-1, S-4, S-6, S-7,
    D-10, CR-2's manual triggers; accounts.md SG-2 and D-27; CT-4 incident communication)."""
    as_of, found = ctx.as_of, Counter[str]()
    for r in rendered:
        s = r.setting
        found["CT-4"] += r.story.index in hit
        for _, added, _, closed, _ in r.leads:
            if closed is None:
                found["SG-2"] += 1
                found["D-27"] += (as_of - added).days >= 75  # the 75-day lead reminder is due
        if not s.live:
            continue
        found["S-1"] += any(a[4] == "open" and (as_of - a[0].date()).days >= 14 for a in r.advice)
        silent_since = s.last_message.date() if s.last_message else s.created
        found["S-4"] += bool(s.platform) and (as_of - silent_since).days >= 14
        champions = [i for i, c in enumerate(r.contacts) if "champion" in c.roles]
        active = [i for i in champions if r.contacts[i].status == "active" and r.contacts[i].around(as_of)]
        gone = [i for i in champions if r.contacts[i].status != "active"]
        if gone:
            found["S-6" if not active else "S-6:replaced"] += 1
        left = [i for i in gone if r.contacts[i].status == "left"]
        month_ago = as_of - timedelta(days=29)
        others_wrote = any(
            n.direction == "inbound" and n.at.date() >= month_ago and set(n.contacts) - set(left)
            for n in r.notes
        )
        if left and not active and not others_wrote:
            found["D-10"] += 1
        opened = [(as_of - t[0].date()).days for t in r.tickets]
        week = sum(1 for d in opened if d < 7)
        found["S-7"] += week >= 3 and week >= 2 * sum(1 for d in opened if 7 <= d < 91) / 12
        quarter = as_of - timedelta(days=89)
        tags = {t for n in r.notes if n.at.date() >= quarter for t in n.tags}
        tags |= {t for t in (tag for x in r.tickets if x[0].date() >= quarter for tag in x[2])}
        found["CR-2:explicit_alternatives"] += "alternatives_mentioned" in tags
        found["CR-2:full_data_export_requested"] += "data_export_request" in tags
    return +found


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    """Accounts exercising each rule (what seed_chunk counted for these stories, else recounted)."""
    held = _census.take(ctx, stories)
    if held is not None:
        return held
    rendered = [render(ctx, story) for story in stories]
    return _count(ctx, rendered, _recently_hit(ctx, rendered, plan_incidents(ctx, range(INCIDENTS))))
