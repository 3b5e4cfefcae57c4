"""The accounts app's part of `seed_demo`: the cast of people, the accounts and their products.

Activity (contacts, notes, tickets, incidents) and daily usage are rendered by the modules
beside this one from the same stories; `seed_chunk` calls them in foreign-key order.
"""

import math
from collections import Counter
from datetime import UTC, datetime, time

from django.contrib.auth.hashers import make_password

from accounts.models import Account, AccountProduct, RoleAssignment, Team, User

from .activity import channel_fields
from .allocation import allocate, segment_for
from .commercial import commercial_fields
from .context import DemoContext
from .story import AccountStory, build_story

DEMO_DOMAIN = "tambook.demo"
DEMO_PASSWORD = "tambook-demo"
FIRST_NAMES = [
    "Avery",
    "Blake",
    "Casey",
    "Devon",
    "Emery",
    "Finley",
    "Harper",
    "Jordan",
    "Kai",
    "Logan",
    "Morgan",
    "Noel",
    "Parker",
    "Quinn",
    "Riley",
    "Sage",
    "Taylor",
    "Rowan",
    "Skyler",
    "Reese",
]
LAST_NAMES = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "Silva",
    "Byrne",
    "Haddad",
    "Kowalski",
    "Ivanova",
    "Mendes",
    "Fischer",
    "Dubois",
    "Nakamura",
    "Costa",
    "Andersen",
    "Rossi",
    "Ahmed",
]
TEAMS = [  # name, kind, region, slack channel
    ("US Product-led Sales", "product_led_sales", "US", "#team-product-led-sales"),
    ("EU Product-led Sales", "product_led_sales", "EU", "#team-product-led-sales"),
    ("US Customer Success", "customer_success", "US", "#team-customer-success"),
    ("EU Customer Success", "customer_success", "EU", "#team-customer-success"),
    ("US New Business", "new_business_sales", "US", "#team-new-business-sales"),
    ("EU New Business", "new_business_sales", "EU", "#team-new-business-sales"),
    ("Onboarding", "onboarding", "US", "#team-onboarding"),
]


def _book_sizes(ctx: DemoContext) -> Counter:
    """Expected AM Managed and CSM books per region, from a sample of the stories to come."""
    sample = min(ctx.accounts, 400)
    counts: Counter = Counter()
    for i in range(sample):
        story = build_story(seed=ctx.seed, index=i, as_of=ctx.as_of, months=ctx.months)
        arr = float(commercial_fields(story, ctx.month_starts, ctx.as_of).arr)
        counts[(segment_for(story, arr, allocation_roll(ctx, story)), story.region)] += 1
    scale = ctx.accounts / sample
    return Counter({key: value * scale for key, value in counts.items()})


def allocation_roll(ctx: DemoContext, story: AccountStory) -> float:
    return ctx.rng("allocation", story.index).random()


def seed_static(ctx: DemoContext) -> None:
    books = _book_sizes(ctx)
    rng = ctx.rng("people")
    teams = {}
    for team_id, (name, kind, region, channel) in zip(ctx.ids("team", len(TEAMS)), TEAMS, strict=True):
        teams[name] = Team(id=team_id, name=name, kind=kind, region=region, slack_channel=channel)
    Team.objects.bulk_create(teams.values())

    wanted: list[tuple[str, str, str | None, bool, str]] = []  # role, region, team, is lead, handle
    for region in ("US", "EU"):
        tams = max(2, math.ceil(books[("tam", region)] / 15))
        csms = max(1, math.ceil(books[("csm", region)] / 30))
        wanted += [
            ("tam", region, f"{region} Product-led Sales", n == 0, f"tam.{region.lower()}{n + 1}")
            for n in range(tams)
        ]
        wanted += [
            ("csm", region, f"{region} Customer Success", n == 0, f"csm.{region.lower()}{n + 1}")
            for n in range(csms)
        ]
        wanted += [
            ("tae", region, f"{region} New Business", n == 0, f"tae.{region.lower()}{n + 1}")
            for n in range(2)
        ]
    wanted += [
        ("onboarding", "US", "Onboarding", True, "onboarding1"),
        ("cse", "EU", "EU Customer Success", False, "cse1"),
        ("bdr", "US", "US New Business", False, "bdr1"),
        ("sales_manager", "US", None, False, "simon"),
        ("sales_manager", "EU", None, False, "ben"),
        ("revops_admin", "US", None, False, "revops"),
    ]
    password = make_password(DEMO_PASSWORD)
    users = []
    for user_id, (role, region, team, lead, handle) in zip(ctx.ids("user", len(wanted)), wanted, strict=True):
        users.append(
            User(
                id=user_id,
                email=f"{handle}@{DEMO_DOMAIN}",
                password=password,
                role=role,
                region=region,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                is_team_lead=lead,
                team=teams[team] if team else None,
                is_staff=role == "revops_admin",
                date_joined=ctx.writer.now,
            )
        )
        cast = ctx.cast
        cast.by_role.setdefault(role, []).append(user_id)
        bucket = {"tam": cast.tams_by_region, "csm": cast.csms_by_region, "tae": cast.taes_by_region}
        if role in bucket:
            bucket[role].setdefault(region, []).append(user_id)
        if team:
            cast.team_of[user_id] = teams[team].id
    User.objects.bulk_create(users)
    ctx.writer.track(Team, User)
    for team_row in teams.values():
        leader = next((u for u in users if u.team_id == team_row.id and u.is_team_lead), None)
        if leader:
            Team.objects.filter(pk=team_row.pk).update(lead=leader)
    _assign_roles(ctx, users)


# The logins `make demo` prints: one of each role, and the team leads worth trying.
SHOWN_LOGINS = {
    "tam.us1",
    "tam.us2",
    "tam.eu1",
    "csm.us1",
    "tae.us1",
    "onboarding1",
    "simon",
    "ben",
    "revops",
}


def _assign_roles(ctx: DemoContext, users: list[User]) -> None:
    from django.contrib.auth.models import Group

    by_handle = {u.email.split("@")[0]: u for u in users}
    keys = {
        "allocation_lead": "simon",
        "allocation_advisor": "ben",
        "revops_lead": "revops",
        "cs_lead": "csm.us1",
        "yc_owner": "csm.eu1",
        "cmoc_us": "tam.us2",
        "cmoc_eu": "tam.eu2",
    }
    held = [(key, by_handle[handle].id) for key, handle in keys.items() if handle in by_handle]
    ctx.writer.write(
        RoleAssignment,
        ("id", "key", "user_id"),
        (
            (pk, key, user_id)
            for pk, (key, user_id) in zip(ctx.ids("roleassignment", len(held)), held, strict=True)
        ),
    )
    groups = {g.name: g for g in Group.objects.all()}
    through = User.groups.through
    members = [u for u in users if u.role in groups]
    pks = ctx.ids("user_groups", len(members))
    ctx.writer.write(
        through, ("id", "user_id", "group_id"),
        ((pk, u.id, groups[u.role].id) for pk, u in zip(pks, members, strict=True)),
    )


ACCOUNT_COLUMNS = (
    "id",
    "posthog_organization_id",
    "name",
    "cloud_region",
    "website",
    "site_url",
    "hq_country",
    "business_type",
    "business_model",
    "stage",
    "acquired_by",
    "employee_count",
    "created_at",
    "plan",
    "mrr",
    "arr",
    "forecasted_mrr",
    "ltv",
    "stripe_balance",
    "credit_expires_at",
    "is_startup_plan_customer",
    "subscription_interval",
    "subscription_status",
    "current_period_end",
    "renewal_date",
    "initial_credit_purchase_on",
    "discount_agreement_in_place",
    "churned_at",
    "owner_id",
    "overlay_tam_id",
    "account_executive_id",
    "onboarding_specialist_id",
    "new_owner",
    "shared_channel_platform",
    "shared_channel_name",
    "last_customer_message_at",
    "billing_customer_id",
    "stripe_customer_id",
    "expansion_levers",
)


def account_row(ctx: DemoContext, story: AccountStory) -> tuple:
    # The demo reads billing's pure decisions so the account agrees with the rows billing writes
    # (accounts.md D-4); only the generator crosses to the right, never the app's models.
    from billing.demo import has_billing_customer
    from billing.demo.customers import stripe_customer_stripe_id
    from billing.demo.ledger import one_time_credit

    money = account_commercial(ctx, story)
    billed = has_billing_customer(ctx, story)
    one_time = one_time_credit(ctx, story)
    balance = money.stripe_balance - (one_time.amount if one_time else 0)
    alloc = account_allocation(ctx, story)
    slug = story.name.lower().replace(" ", "")
    created = datetime.combine(ctx.month_starts[story.first_month], time(9), tzinfo=UTC)
    return (
        story.account_id,
        story.org_id,
        story.name,
        story.region,
        f"https://{slug}.example",
        f"https://{slug}.example",
        story.country,
        story.business_type,
        story.business_model,
        story.stage,
        "Bigger Fish Inc." if story.stage == "Acquired" else "",
        story.employee_count,
        created,
        money.plan,
        money.mrr,
        money.arr,
        money.forecasted_mrr,
        money.ltv,
        balance,
        money.credit_expires_at,
        money.is_startup_plan_customer,
        money.subscription_interval,
        money.subscription_status,
        money.current_period_end,
        money.renewal_date,
        money.initial_credit_purchase_on,
        money.discount_agreement_in_place,
        money.churned_at,
        alloc.owner_id,
        alloc.overlay_tam_id,
        alloc.account_executive_id,
        alloc.onboarding_specialist_id,
        alloc.new_owner,
        *channel_fields(ctx, story),
        str(story.account_id) if billed else "",
        stripe_customer_stripe_id(ctx.seed, story.account_id) if billed else "",
        "viable" if alloc.segment == "tam" else "",
    )


def account_commercial(ctx: DemoContext, story: AccountStory):
    key = ("commercial", story.index)
    if key not in ctx.memo:
        ctx.memo[key] = commercial_fields(story, ctx.month_starts, ctx.as_of)
    return ctx.memo[key]


def account_allocation(ctx: DemoContext, story: AccountStory):
    """The same allocation `account_row` wrote, for other apps' demo modules (books, leads)."""
    key = ("allocation", story.index)
    if key not in ctx.memo:
        arr = float(account_commercial(ctx, story).arr)
        ctx.memo[key] = allocate(story, arr, allocation_roll(ctx, story), ctx.cast)
    return ctx.memo[key]


def product_rows(ctx: DemoContext, stories: list[AccountStory]):
    core_first_paid = {}
    for story in stories:
        paying_now = set(story.lines[-1]) if story.paying else set()
        for key, start in story.adopted:
            first_paid = next(
                (ctx.month_starts[m] for m in range(start, len(story.lines)) if key in story.lines[m]), None
            )
            core_first_paid[(story.account_id, key)] = first_paid
            yield (story.account_id, key, key in paying_now, first_paid)


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    write = ctx.writer.write
    write(Account, ACCOUNT_COLUMNS, (account_row(ctx, s) for s in stories))
    ids = iter(ctx.ids("accountproduct", sum(len(s.adopted) for s in stories)))
    write(
        AccountProduct,
        ("id", "account_id", "product_key", "paying", "first_paid_on"),
        ((next(ids), *row) for row in product_rows(ctx, stories)),
    )
    for renderer in _renderers():
        renderer.seed_chunk(ctx, stories)


def _renderers() -> list:
    import importlib

    found = []
    for name in ("activity", "usage"):
        try:
            found.append(importlib.import_module(f"accounts.demo.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"accounts.demo.{name}":
                raise
    return found


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    counts: Counter = Counter()
    for story in stories:
        counts.update(story.tags)
        alloc = account_allocation(ctx, story)
        counts[f"segment:{alloc.segment}"] += 1
        if alloc.segment == "unassigned":
            counts["A-5"] += 1
    for renderer in _renderers():
        if hasattr(renderer, "census"):
            counts.update(renderer.census(ctx, stories))
    return counts


HEALTH_HISTORY_WEEKS = 8  # final weeks the demo backfills, so charts and Poor streaks show


def recompute(ctx: DemoContext) -> None:
    """The registered recomputes of the accounts app, run on the generated data as of as_of."""
    from .segments import recompute as segments_recompute

    # Segments (issue 16): rank the Top 40 and refresh every segment with the real jobs.
    segments_recompute(ctx)


def recompute_last(ctx: DemoContext) -> None:
    """Health (issue 17) after every other area's recompute: its payment signals read billing's
    dunning cases (late_payment_facts). The real jobs — a few final weeks as each Monday would
    have, then today."""
    from django.core.management import call_command

    call_command("recompute_health", as_of=ctx.as_of, weeks=HEALTH_HISTORY_WEEKS, stdout=_Quiet())


class _Quiet:
    def write(self, *args, **kwargs) -> None:
        pass
