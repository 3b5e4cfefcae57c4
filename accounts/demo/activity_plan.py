"""One story's people and conversations, decided in memory before any row is written.

Contacts cover the role families (crosssell.md D-1) with a champion, an economic buyer and power
users; some champions leave or change role, with or without a replacement (health.md S-6, D-10).
Notes follow the account's ownership: few while self-serve, a steady rhythm once a TAM or CSM
owns it, tagged where the story calls for it (pricing, renewal, alternatives, exports, churn).
Who was seen in PostHog in the last 30 days never exceeds the usage feed's active_users_30d.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from .activity_text import (
    BUYER_FAMILY,
    CADENCES,
    COMPETITORS,
    EVENTS,
    FAMILY_TITLES,
    FIRST,
    GENERAL_TOPICS,
    KIND_DIRECTIONS,
    LAST,
    MOTIVATIONS,
    PRIORITIES,
    STYLES,
    TOPICS,
)
from .story import AccountStory
from .usage import UsagePlan
from .vocabulary import ADOPTION_PATHS

CONTACTS = {"small": (2, 4), "mid": (3, 6), "large": (5, 9), "top": (7, 12)}
NOTE_RATE = {"tam": 1.6, "csm": 1.0, "tae": 2.0, "lead": 0.8, "unassigned": 0.5}  # notes a month
SELF_SERVE_RATE = {"small": 0.04, "mid": 0.1, "large": 0.2, "top": 0.35}
LABELS = {"llm_observability": "LLM observability", "posthog_ai": "PostHog AI"}
TOPIC_NAMES = list(GENERAL_TOPICS)
TOPIC_WEIGHTS = list(GENERAL_TOPICS.values())


def label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


@dataclass
class ContactPlan:
    name: str
    email: str
    title: str
    department: str
    family: str
    roles: list[str]
    org_member: bool
    status: str = "active"
    changed_on: date | None = None
    since: date | None = None  # a replacement joins the relationship on this day
    preferred: str = ""
    cadence: str = ""
    priorities: str = ""
    motivations: str = ""
    style: str = ""
    events: str = ""
    last_seen: datetime | None = None

    def around(self, day: date) -> bool:
        if self.since is not None and day < self.since:
            return False
        return self.status == "active" or self.changed_on is None or day < self.changed_on


@dataclass
class NotePlan:
    at: datetime
    author: int | None
    topic: str
    kind: str
    direction: str
    body: str
    tags: list[str]
    pinned: bool
    contacts: list[int] = field(default_factory=list)  # indexes into the story's contacts


@dataclass
class Setting:
    """What the plan needs from outside the story: dates, people, money, usage, channel."""

    as_of: date
    created: date
    end: date  # last day the customer is a customer (as_of unless churned)
    region_tam: int | None
    primary: int | None  # who writes most notes: the owner, else the TAM holding it
    secondary: int | None  # the other of owner / TAM
    owned_on: date | None  # the relationship starts: an owner assigned, or the lead added
    segment: str
    renewal: date | None
    usage: UsagePlan
    platform: str
    last_message: datetime | None
    months: list[date]  # first day of each month index, as_of's month and the one after included

    @property
    def live(self) -> bool:
        return self.end == self.as_of


def at(rng: random.Random, day: date, region: str) -> datetime:
    """A working-hours time on `day` in the customer's region (UTC)."""
    hour = rng.randint(8, 16) if region == "EU" else rng.randint(14, 22)
    return datetime.combine(day, time(hour, rng.choice((0, 15, 30, 45))), tzinfo=UTC)


def contacts_for(story: AccountStory, s: Setting, rng: random.Random) -> list[ContactPlan]:
    n = rng.randint(*CONTACTS[story.tier])
    families = [BUYER_FAMILY[story.use_case], "leadership", "engineering"]
    others = [f for f in FAMILY_TITLES if f not in families[:1]]
    families += [rng.choice(others) for _ in range(n - 3)]
    if story.configuration != "FREE" and story.tier != "small" and n > 3:
        families[-1] = "other"
    domain = story.name.lower().replace(" ", "") + ".example"
    firsts = rng.sample(FIRST, len(families) + 1)
    out = []
    for i, family in enumerate(families[:n]):
        title, department = rng.choice(FAMILY_TITLES[family])
        roles = [
            ["champion"] + (["power_user"] if rng.random() < 0.5 else []),
            ["economic_buyer"] + (["exec_sponsor"] if story.tier in ("large", "top") else []),
            ["technical_stakeholder"] + (["admin"] if rng.random() < 0.5 else []),
        ][i] if i < 3 else (["finance_contact"] if family == "other" else [rng.choice(
            ["power_user", "power_user", "end_user", "admin"])])
        out.append(_contact(rng, firsts[i], domain, title, department, family, roles, s))
    _departure(story, s, rng, out, domain, firsts[-1])
    _last_seen(s, rng, out)
    return out


def _contact(rng, first, domain, title, department, family, roles, s: Setting) -> ContactPlan:
    last = rng.choice(LAST)
    key = "champion" in roles or "economic_buyer" in roles
    channel = "slack" if s.platform == "slack" else ("ms_teams" if s.platform else "email")
    return ContactPlan(
        name=f"{first} {last}",
        email=f"{first}.{last}@{domain}".lower(),
        title=title,
        department=department,
        family=family,
        roles=roles,
        org_member=family != "other" and ("economic_buyer" not in roles or rng.random() < 0.5),
        preferred=rng.choice([channel, channel, "email", "calls", "async"]) if key else "",
        cadence=rng.choice(CADENCES) if key else "",
        priorities=rng.choice(PRIORITIES) if key else "",
        motivations=rng.choice(MOTIVATIONS) if key else "",
        style=rng.choice(STYLES) if key else "",
        events=rng.choice(EVENTS) if key else "",
    )


def _departure(story: AccountStory, s: Setting, rng, contacts: list[ContactPlan], domain, first) -> None:
    """S-6: the champion leaves or changes role; sometimes someone takes the role over."""
    champion = contacts[0]
    roll = rng.random()
    if not s.live:
        if roll < 0.3:
            champion.status, champion.changed_on = "left", s.end - timedelta(days=rng.randint(20, 90))
        return
    if roll < 0.07:
        champion.status = "left" if roll < 0.045 else "changed_role"
        champion.changed_on = s.as_of - timedelta(days=rng.randint(3, 45))
    elif roll < 0.19:
        champion.status = "left"
        recent = roll < 0.13
        back = rng.randint(10, 45) if recent else rng.randint(90, 400)
        champion.changed_on = s.as_of - timedelta(days=back)
        title, department = rng.choice(FAMILY_TITLES[champion.family])
        heir = _contact(rng, first, domain, title, department, champion.family, ["champion", "power_user"], s)
        heir.since = champion.changed_on + timedelta(days=rng.randint(0, 9))
        contacts.append(heir)
    for c in contacts:  # dates never fall before the account existed
        for name in ("changed_on", "since"):
            if getattr(c, name) is not None:
                setattr(c, name, max(getattr(c, name), s.created))


def _last_seen(s: Setting, rng, contacts: list[ContactPlan]) -> None:
    """Recently seen members ≤ the feed's active users (D-19 agrees with active_users_30d)."""
    budget = s.usage.users_end if s.live else 0
    ranked = sorted(
        (i for i, c in enumerate(contacts) if c.org_member),
        key=lambda i: (contacts[i].status != "active", "power_user" not in contacts[i].roles, i),
    )
    stale_before = min(s.end, s.as_of - timedelta(days=31))
    for i in ranked:
        c = contacts[i]
        if c.status == "active" and budget > 0 and c.around(s.as_of):
            budget -= 1
            c.last_seen = at(rng, s.as_of - timedelta(days=rng.randint(0, 12)), "US")
            continue
        latest = min(stale_before, c.changed_on or stale_before)
        day = latest - timedelta(days=rng.randint(0, 120))
        c.last_seen = at(rng, day, "US") if day >= max(s.created, c.since or s.created) else None


class NoteWriter:
    """Notes for one story: a rhythm that follows ownership, plus the story's key moments."""

    def __init__(self, story: AccountStory, s: Setting, contacts: list[ContactPlan], rng) -> None:
        self.story, self.s, self.contacts, self.rng = story, s, contacts, rng
        self.products = story.products_in(len(story.lines) - 1) or [k for k, _ in story.adopted]
        adopted = {k for k, _ in story.adopted}
        missing = [k for k in ADOPTION_PATHS[story.use_case] if k not in adopted]
        self.next_product = missing[0] if missing else "posthog_ai"
        self.notes: list[NotePlan] = []

    def add(self, topic: str, day: date, *, author: int | None = None, who: list[int] | None = None):
        rng, s = self.rng, self.s
        kinds, direction, tags, bodies = TOPICS[topic]
        kind = rng.choice(kinds)
        if kind == "slack" and s.platform != "slack":
            kind = "email"
        if direction not in KIND_DIRECTIONS[kind]:
            kind = "email"
        when = at(rng, day, self.story.region)
        if kind == "slack" and direction == "inbound" and s.last_message and when > s.last_message:
            kind = "email"  # the shared channel has been quiet since its last message
        if who is None:
            who = self._who(direction, kind, day)
        name = self.contacts[who[0]].name.split()[0] if who else "the team"
        body = rng.choice(bodies).format(
            contact=name, product=label(rng.choice(self.products)), next_product=label(self.next_product),
            competitor=rng.choice(COMPETITORS), company=self.story.name,
            days=(s.renewal - day).days if s.renewal else 90,
        )
        if author is None:
            author = self.author(day)
        note = NotePlan(when, author, topic, kind, direction, body, list(tags),
                        topic == "summary" and rng.random() < 0.3, who)
        self.notes.append(note)
        return note

    def author(self, day: date) -> int | None:
        """The owner (or the TAM holding the lead) once the relationship starts, else a regional TAM."""
        s = self.s
        if s.owned_on is not None and day >= s.owned_on and s.primary:
            return s.secondary if s.secondary and self.rng.random() < 0.2 else s.primary
        return s.region_tam

    def _who(self, direction: str, kind: str, day: date) -> list[int]:
        rng = self.rng
        here = [i for i, c in enumerate(self.contacts) if c.around(day)]
        if not here:
            return []
        if direction == "internal":  # about the champion while there is one, else whoever is around
            champions = [i for i in here if "champion" in self.contacts[i].roles]
            return champions[:1] or ([rng.choice(here)] if rng.random() < 0.5 else [])
        if direction == "inbound":
            champions = [i for i in here if "champion" in self.contacts[i].roles]
            return [champions[0] if champions and rng.random() < 0.5 else rng.choice(here)]
        many = kind in ("meeting", "qbr", "business_value_call", "in_person_visit")
        return rng.sample(here, min(len(here), rng.randint(2, 3) if many else rng.randint(1, 2)))

    def rhythm(self) -> None:
        s, rng = self.s, self.rng
        last_quiet = s.as_of - timedelta(days=35)
        for m in range(self.story.first_month, len(self.story.lines) + 1):
            first = max(s.created, s.months[m])
            last = min(s.end, s.months[m + 1] - timedelta(days=1))
            if last < first:
                continue
            owned = s.owned_on is not None and last >= s.owned_on
            rate = NOTE_RATE.get(s.segment, 0.0) if owned else SELF_SERVE_RATE[self.story.tier]
            for _ in range(int(rate * rng.uniform(0.5, 1.5) + rng.random())):
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                topic = rng.choices(TOPIC_NAMES, weights=TOPIC_WEIGHTS)[0]
                if topic in ("pricing", "billing") and day >= last_quiet and not s.usage.billing_context:
                    topic = "checkin"  # S-5: recent billing visits stay without context
                elif topic == "qbr" and not owned:
                    topic = "nudge"
                if s.renewal and 0 < (s.renewal - day).days < 100 and rng.random() < 0.35:
                    topic = "renewal"
                self.add(topic, day)

    def moments(self) -> None:
        s, rng, story = self.s, self.rng, self.story
        if s.owned_on is not None and s.segment in ("tam", "csm"):
            self.add("handover", s.owned_on)
        if s.usage.billing_context and s.live:
            self.add(rng.choice(["pricing", "billing"]), s.as_of - timedelta(days=rng.randint(1, 25)))
        if story.trajectory == "declining" and s.live:
            if rng.random() < 0.4:
                self.add("alternatives", s.as_of - timedelta(days=rng.randint(1, 60)))
            if rng.random() < 0.15:
                self.add("data_export", s.as_of - timedelta(days=rng.randint(1, 45)))
        if story.churn_month is not None:
            if rng.random() < 0.6:
                self.add("alternatives", max(s.created, s.end - timedelta(days=rng.randint(30, 90))))
            if rng.random() < 0.35:
                self.add("data_export", max(s.created, s.end - timedelta(days=rng.randint(10, 40))))
            self.add("churn", min(s.as_of, s.end + timedelta(days=rng.randint(1, 5))))
        for i, c in enumerate(self.contacts):
            if c.changed_on is not None and c.status == "left" and rng.random() < 0.6:
                self.add("farewell", c.changed_on - timedelta(days=1), who=[i])
            if c.since is not None:
                self.add("introduction", c.since, who=[i])
        if s.last_message and s.platform == "slack" and rng.random() < 0.5:
            note = self.add("reply", s.last_message.date())
            note.kind, note.at = "slack", s.last_message

    def finish(self, quiet_inbound: bool, needs_inbound: bool) -> list[NotePlan]:
        """D-10: either nobody else has written in for 30 days, or someone has."""
        s = self.s
        recent = s.as_of - timedelta(days=30)
        notes = [n for n in self.notes if s.created <= n.at.date() <= s.as_of]
        if quiet_inbound:  # only the departing champion (contact 0) may still have written
            notes = [n for n in notes
                     if not (n.direction == "inbound" and n.at.date() >= recent and set(n.contacts) - {0})]
        elif needs_inbound:
            others = [i for i, c in enumerate(self.contacts)
                      if c.status == "active" and "champion" not in c.roles and c.around(s.as_of)]
            if others:
                self.notes = notes
                self.add("reply", s.as_of - timedelta(days=self.rng.randint(1, 20)), who=[others[0]])
                notes = self.notes
        return sorted(notes, key=lambda n: n.at)
