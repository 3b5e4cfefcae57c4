"""The revops app's part of `seed_demo`: opportunities of every record type and the order forms.

Per story: the contract of a credit plan (its closed-won opportunity, the order form that
carries the plan, the renewal, a first-half top-up); conversions to annual for big monthly
accounts; cross-sells for managed accounts; new business for TAE accounts and free prospects.
The billing CreditPurchases the forms point to are read once per chunk, by account.
"""

from collections import Counter
from dataclasses import dataclass

from accounts.demo import account_allocation
from accounts.demo.commercial import mrr_for_month
from accounts.demo.context import DemoContext
from accounts.demo.story import AccountStory, money
from billing.models import CreditPurchase, Product
from revops.models import Opportunity, OrderForm

from . import contracts, pipeline
from .records import FORM_COLUMNS, OPPORTUNITY_COLUMNS, Records

STATE = "revops_demo"
CONVERSION_FLOOR = 20_000  # "existing_convert_to_annual for monthly accounts ≥ $20k" ARR


@dataclass
class RevopsState:
    products: frozenset[str]
    census: Counter


def seed_static(ctx: DemoContext) -> None:
    vars(ctx)[STATE] = RevopsState(frozenset(Product.objects.values_list("key", flat=True)), Counter())


def _purchases(stories: list[AccountStory], month_starts) -> dict[int, contracts.Purchase]:
    """Each credit story's billing CreditPurchase (source SALES_CONTRACT), matched on its start."""
    starts = {s.account_id: month_starts[s.credit.start_month] for s in stories if s.credit is not None}
    if not starts:
        return {}
    rows = CreditPurchase.objects.filter(
        billing_customer__account_id__in=list(starts), source="SALES_CONTRACT"
    ).values_list("billing_customer__account_id", "start_date", "id", "billing", "prepaid_years",
                  "salesforce_opportunity_id")
    return {
        account: contracts.Purchase(pk, billing, years, sf_id)
        for account, start, pk, billing, years, sf_id in rows
        if starts.get(account) == start
    }


def seed_chunk(ctx: DemoContext, stories: list[AccountStory]) -> None:
    state: RevopsState = vars(ctx)[STATE]
    rec = Records(ctx)
    purchases = _purchases(stories, rec.month_starts)
    for story in stories:
        _story(ctx, state, rec, story, purchases.get(story.account_id))
        rec.end_story()
    ctx.writer.write(Opportunity, OPPORTUNITY_COLUMNS, rec.opportunities)
    ctx.writer.write(OrderForm, FORM_COLUMNS, rec.form_rows())
    state.census = rec.census


def _story(ctx: DemoContext, state: RevopsState, rec: Records, story: AccountStory, purchase) -> None:
    alloc = account_allocation(ctx, story)
    rng = ctx.rng("revops", story.index)
    if story.credit is not None:
        contracts.contract(rec, ctx, story, alloc, purchase, rng)
    arr = money(mrr_for_month(story, len(story.lines) - 1) * 12)
    monthly = story.configuration in ("PAID", "LEGACY") and story.paying
    if monthly and arr >= CONVERSION_FLOOR and alloc.segment != "none" and rng.random() < 0.35:
        contracts.conversion(rec, ctx, story, alloc, arr, rng)
    if story.paying and alloc.segment in ("tam", "csm"):
        owner = alloc.owner_id if alloc.segment == "tam" else alloc.overlay_tam_id or alloc.owner_id
        if rng.random() < (0.6 if alloc.segment == "tam" else 0.3):
            pipeline.cross_sells(rec, ctx, story, owner, state.products, rng)
    if alloc.segment == "tae" and story.credit is None:
        pipeline.won_new_business(rec, ctx, story, alloc.account_executive_id, rng)
    if story.configuration == "FREE" and rng.random() < 0.12:
        taes = ctx.cast.taes_by_region.get(story.region, [])
        pipeline.prospect(rec, ctx, story, rng.choice(taes) if taes else None, rng)


def census(ctx: DemoContext, stories: list[AccountStory]) -> Counter:
    return Counter(vars(ctx)[STATE].census)
