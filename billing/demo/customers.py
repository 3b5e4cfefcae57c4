"""Who pays: the BillingCustomer, its Stripe customers, their subscriptions and coupons."""

from datetime import timedelta
from decimal import Decimal

from accounts.engine.calendar import add_months
from billing.models import BillingCustomer, Discount, StripeCustomer, Subscription, SubscriptionItem

from .calendar import midnight
from .catalogue import TEAMS_ADDON
from .state import AUTO, ENTERPRISE, SEND, Party, Route, StoryState, credit_term

# The "2 Stripe Customers, each with 1 Subscription" shape (B-11), or its one-customer cousin.
LEGACY_TWO_CUSTOMERS, LEGACY_TWO_SUBSCRIPTIONS = "two_customers", "two_subscriptions"
STRIPE_CUSTOMER_INVARIANT = "stripe_customer_invariant"


def stripe_customer_stripe_id(seed: int, account_id: int, n: int = 1) -> str:
    """A story's n-th Stripe customer id: derived from the account, so other apps can name it."""
    return f"cus_demo{seed}x{account_id}" if n == 1 else f"cus_demo{seed}x{account_id}_{n}"


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def collection_method(st: StoryState, month: int) -> str:
    """Enterprise contracts are invoiced (Net 30, bank transfer) while their credit term runs."""
    term = credit_term(st.story)
    if st.configuration in ENTERPRISE and term is not None and term[0] <= month < term[1]:
        return SEND
    return AUTO


def open_parties(st: StoryState) -> None:
    """Decide the Stripe customers and subscriptions (ids now, rows once outcomes are known)."""
    story, rng, cal = st.story, st.rng, st.cal
    first_seen = midnight(cal.starts[story.first_month]) - timedelta(days=rng.randint(1, 25))
    slug = _slug(story.name)

    def party(n: int, role: str, email: str, name: str) -> Party:
        pk = st.rows.next_id(StripeCustomer)
        prefix = f"{(pk * 2654435761 + st.seed) % 2**32:08X}"  # odd multiplier: unique per customer
        made = Party(pk, stripe_customer_stripe_id(st.seed, story.account_id, n), role, prefix, email, name,
                     first_seen + timedelta(days=n - 1))
        st.parties.append(made)
        return made

    def route(owner: Party, keys: frozenset[str] | None) -> Route:
        made = Route(st.rows.next_id(Subscription), owner, keys, owner.created + timedelta(hours=2))
        st.routes.append(made)
        return made

    config = story.configuration
    if config == "ENTERPRISE_AMORTIZED_CREDIT":
        usage = party(1, "USAGE", f"billing@{slug}.example.com", story.name)
        party(2, "CREDITS", f"finance@{slug}.example.com", f"{story.name} (credits)")
        route(usage, None)
        st.credit_party = usage
        st.tags.add("B-9")
    elif config == "LEGACY":
        first_billed = next((key for key, _ in story.adopted if key in st.cat.lines), "product_analytics")
        first_product = frozenset({first_billed, TEAMS_ADDON})
        main = party(1, "SINGLE", f"billing@{slug}.example.com", story.name)
        # A cancelled subscription would mend the one-customer shape, so churners get two customers.
        if story.churn_month is not None or rng.random() < 0.7:
            other = party(2, "SINGLE", f"eng-billing@{slug}.example.com", f"{story.name} (engineering)")
            st.tags.add(f"B-11:{LEGACY_TWO_CUSTOMERS}")
        else:
            other = main
            st.tags.add(f"B-11:{LEGACY_TWO_SUBSCRIPTIONS}")
        route(main, first_product)
        route(other, None)
        st.tags.add("B-11")
    else:
        single = party(1, "SINGLE", f"billing@{slug}.example.com", story.name)
        if config != "FREE":
            route(single, None)
        if story.credits_applied:
            st.credit_party = single
    if story.churn_month is not None:
        for item in st.routes:
            item.status = "canceled"
    if config in ("PAID", "LEGACY") and rng.random() < 0.06:
        _plan_discount(st)


def _plan_discount(st: StoryState) -> None:
    story, rng = st.story, st.rng
    start = rng.randint(story.first_month, max(story.first_month, st.last_live_month))
    percent = Decimal(rng.choice(["10.00", "15.00", "20.00", "30.00"]))
    duration = "forever" if story.configuration == "LEGACY" else rng.choice(["forever", "repeating", "once"])
    months = {"forever": 10_000, "once": 1}.get(duration) or rng.choice([3, 6, 12])
    st.discount = (start, start + months, percent)
    coupon = {"forever": f"legacy_{percent:.0f}_forever", "once": f"welcome_{percent:.0f}_once"}.get(
        duration, f"growth_{percent:.0f}_{months}m"
    )
    begins = midnight(st.cal.starts[start]) - timedelta(days=rng.randint(1, 20))
    end = midnight(add_months(st.cal.starts[start], months)) if duration == "repeating" else None
    if duration == "once":
        active = not st.cal.happened(st.cal.midnights[start + 1])
    else:
        active = story.churn_month is None and (end is None or not st.cal.happened(end))
    pk = st.rows.next_id(Discount)
    st.rows.add(Discount, (
        pk, f"di_demo{st.seed}x{pk}", st.parties[0].pk, coupon, percent, duration,
        months if duration == "repeating" else None, begins, end, active, st.cal.synced_at,
    ))
    st.tags.add("B-3:coupon")


def discount_percent(st: StoryState, month: int, party: Party) -> Decimal | None:
    if st.discount is None or party is not st.parties[0]:
        return None
    first, end, percent = st.discount
    return percent if first <= month < end else None


def route_claims(st: StoryState, route: Route, key: str) -> bool:
    if route.keys is not None:
        return key in route.keys
    return not any(other.keys is not None and key in other.keys for other in st.routes)


def write_subscriptions(st: StoryState) -> None:
    story, cal, cat, rows = st.story, st.cal, st.cat, st.rows
    churn = story.churn_month
    if churn is None:
        period = (cal.starts[cal.current], cal.starts[cal.current + 1])
        ended = None
    else:
        period = (cal.starts[churn - 1], cal.starts[churn])
        ended = cal.midnights[churn]
    collection = collection_method(st, st.last_live_month)
    billed = [key for key in story.products_in(st.last_live_month) if key in cat.lines]
    for route in st.routes:
        rows.add(Subscription, (
            route.pk, f"sub_demo{st.seed}x{route.pk}", route.party.pk, route.status, collection, route.start,
            None, ended, ended, cal.synced_at,
        ))
        keys = [key for key in billed if route_claims(st, route, key)] or ["product_analytics"]
        for key in keys:
            product = cat.lines[key]
            licensed = product.unit_price is None
            price = product.startup_price_id if st.startup_prices and not licensed else product.price_id
            pk = rows.next_id(SubscriptionItem)
            rows.add(SubscriptionItem, (
                pk, f"si_demo{st.seed}x{pk}", route.pk, price, 1 if licensed else None, *period,
                cal.synced_at,
            ))


def write_customers(st: StoryState) -> None:
    """The BillingCustomer and its Stripe customers, once balances are known."""
    story, cal = st.story, st.cal
    term = credit_term(story)
    # The credit discount is the active purchase's (D-6).
    discount = story.credit.discount_percent if story.credit and term and term[1] > cal.months else None
    review = story.configuration == "LEGACY"
    st.rows.add(BillingCustomer, (
        story.account_id, story.account_id, story.name, story.org_id, story.region,
        discount if discount is not None else Decimal("0.00"), "PURCHASE" if discount is not None else "NONE",
        review, [STRIPE_CUSTOMER_INVARIANT] if review else [],
    ))
    expires = add_months(cal.starts[term[0]], term[1] - term[0]) if term else None
    startup = story.configuration == "STARTUP"
    for party in st.parties:
        metadata = {"organization_id": story.org_id}
        carries_credit = party is st.credit_party and expires is not None
        if carries_credit:
            # Applying a prepaid or startup grant sets both keys (B-20).
            metadata |= {"is_startup_plan_customer": str(startup).lower(), "credit_expires_at": str(expires)}
        st.rows.add(StripeCustomer, (
            party.pk, party.stripe_id, story.account_id, party.role, party.email, party.name, party.balance,
            metadata, startup if carries_credit else None, expires if carries_credit else None,
            "reverse" if story.region == "EU" and story.tier != "small" else "none", party.created,
            cal.synced_at,
        ))
