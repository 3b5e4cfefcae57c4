"""Billing's demo generator (issue 13): a 300-account run is internally consistent.

The run is seeded once per module, inside a transaction rolled back at the end; Account rows
are written minimal here (accounts.demo writes the real ones before billing's chunk).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

import billing.demo as billing_demo
from accounts.demo.context import DemoContext
from accounts.demo.story import AccountStory, build_story
from accounts.models import Account
from billing.demo.rows import COLUMNS
from billing.models import (
    BillingConfiguration,
    BillingCustomer,
    CreditConsumption,
    CreditGrant,
    CreditNote,
    CreditNoteLine,
    CreditPurchase,
    CustomerBalanceTransaction,
    Discount,
    Invoice,
    InvoiceLine,
    StripeCustomer,
    StripePrice,
    StripeProduct,
    Subscription,
)
from config.bulk import BulkWriter

AS_OF = date(2026, 11, 30)
MONTHS = 24
TABLES = [StripeProduct, StripePrice, *COLUMNS]
ZERO = Decimal("0.00")
CONFIGURATIONS = BillingConfiguration.values


@dataclass
class Run:
    ctx: DemoContext
    stories: dict[int, AccountStory]  # by account id
    census: Counter


def seed_billing(
    accounts: int, *, seed: int = 1, as_of: date = AS_OF, months: int = MONTHS, chunk: int = 100
) -> Run:
    ctx = DemoContext(seed=seed, as_of=as_of, months=months, accounts=accounts, writer=BulkWriter())
    billing_demo.seed_static(ctx)
    stories: dict[int, AccountStory] = {}
    census: Counter = Counter()
    for start in range(0, accounts, chunk):
        part = [
            build_story(seed=seed, index=i, as_of=as_of, months=months)
            for i in range(start, min(accounts, start + chunk))
        ]
        ctx.writer.write(
            Account, ["id", "posthog_organization_id", "name"], ((s.account_id, s.org_id, s.name) for s in part)
        )
        billing_demo.seed_chunk(ctx, part)
        census.update(billing_demo.census(ctx, part))
        stories.update((s.account_id, s) for s in part)
    return Run(ctx, stories, census)


@pytest.fixture(scope="module")
def run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield seed_billing(300)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def account_of_invoice() -> dict[int, int]:
    owners = dict(StripeCustomer.objects.values_list("pk", "billing_customer_id"))
    return {pk: owners[sc] for pk, sc in Invoice.objects.values_list("pk", "stripe_customer_id")}


def test_it_renders_every_billing_configuration_in_a_300_account_run(run):
    """B-1, B-2, B-9, B-11: each configuration in the shape B-2 recognises it by."""
    customers = set(BillingCustomer.objects.values_list("pk", flat=True))
    assert {run.stories[pk].configuration for pk in customers} == set(CONFIGURATIONS)
    roles = defaultdict(list)
    for bc, role in StripeCustomer.objects.values_list("billing_customer_id", "role"):
        roles[bc].append(role)
    live_subs = Counter(
        Subscription.objects.exclude(status="canceled").values_list("stripe_customer__billing_customer_id", flat=True)
    )
    grants = set(CreditGrant.objects.exclude(kind="ONE_TIME").values_list("billing_customer_id", "kind"))
    purchases = set(
        Invoice.objects.filter(purpose="CREDIT_PURCHASE", status="paid").values_list(
            "credit_purchase__billing_customer_id", flat=True
        )
    )
    for pk in customers:
        story = run.stories[pk]
        config = story.configuration
        if config == "ENTERPRISE_AMORTIZED_CREDIT":
            assert sorted(roles[pk]) == ["CREDITS", "USAGE"]
        elif config == "LEGACY":
            assert roles[pk].count("SINGLE") == 2 or live_subs[pk] == 2 or story.churn_month is not None
            assert BillingCustomer.objects.get(pk=pk).needs_review
        else:
            assert roles[pk] == ["SINGLE"] and live_subs[pk] <= 1
        assert ((pk, "PREPAID_CONTRACT") in grants) == (story.credit is not None)
        assert ((pk, "STARTUP_PLAN") in grants) == (config == "STARTUP")
        assert (pk in purchases) == (story.credit is not None)


def test_it_gives_free_customers_nothing_to_pay(run):
    """B-4: a free org has a Stripe customer at most; has_billing_customer says which do."""
    free = {s.account_id for s in run.stories.values() if s.configuration == "FREE"}
    with_customer = {pk for pk in free if billing_demo.has_billing_customer(run.ctx, run.stories[pk])}
    assert set(BillingCustomer.objects.filter(pk__in=free).values_list("pk", flat=True)) == with_customer
    assert 0 < len(with_customer) < len(free)
    assert not Invoice.objects.filter(stripe_customer__billing_customer_id__in=free).exists()
    assert not Subscription.objects.filter(stripe_customer__billing_customer_id__in=free).exists()


def test_it_makes_invoice_lines_add_up_to_the_invoice(run):
    """B-3: Σ line net = total, Σ line amount = subtotal, the difference is the discount."""
    sums = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for invoice, amount, discount, net in InvoiceLine.objects.values_list(
        "invoice_id", "amount", "discount_amount", "net_amount"
    ):
        assert net == amount - discount and discount >= 0
        acc = sums[invoice]
        acc[0] += amount
        acc[1] += discount
        acc[2] += net
    invoices = Invoice.objects.values_list("pk", "subtotal", "discount_total", "total", "tax")
    assert len(invoices) == len(sums) > 1000
    for pk, subtotal, discount, total, tax in invoices:
        assert sums[pk] == [subtotal, discount, total], pk
        assert tax == 0


def test_it_bills_each_month_exactly_what_the_story_says(run):
    """Usage invoices carry the story's amounts per product and service month, nothing else."""
    owner = account_of_invoice()
    month_index = {start: m for m, start in enumerate(run.ctx.month_starts)}
    billed = defaultdict(lambda: defaultdict(lambda: ZERO))
    for invoice, month, key, net in InvoiceLine.objects.filter(invoice__purpose="USAGE").values_list(
        "invoice_id", "invoice__service_month", "product_key_id", "net_amount"
    ):
        billed[(owner[invoice], month_index[month])][key] += net
    expected = {
        (s.account_id, m): s.lines[m]
        for s in run.stories.values() if s.configuration != "FREE" for m in range(MONTHS) if s.lines[m]
    }
    assert {key: dict(value) for key, value in billed.items()} == expected


def test_it_charges_what_the_credits_left_over(run):
    """amount_due = total - credits_applied ≥ 0, credits as the story's ledger applied them."""
    owner = account_of_invoice()
    month_index = {start: m for m, start in enumerate(run.ctx.month_starts)}
    statuses = Counter()
    for inv in Invoice.objects.all():
        statuses[inv.status] += 1
        assert inv.amount_due == inv.total - inv.credits_applied >= 0
        assert inv.ending_balance - inv.starting_balance == inv.credits_applied
        assert inv.amount_paid + inv.amount_remaining == inv.amount_due
        if inv.status == "paid":
            assert inv.amount_remaining == 0 and inv.paid_at is not None
        else:
            assert inv.status == "open" and inv.paid_at is None and inv.amount_paid == 0
        if inv.purpose == "USAGE":
            story = run.stories[owner[inv.pk]]
            ledger = story.credits_applied[month_index[inv.service_month]] if story.credits_applied else ZERO
            assert inv.credits_applied == ledger
    assert set(statuses) == {"paid", "open"} and statuses["open"] < statuses["paid"] / 10


def test_it_never_lets_credit_go_negative(run):
    """B-22, B-33, D-11: remaining = amount - Σ consumption - removal, between 0 and the amount."""
    consumed = defaultdict(lambda: ZERO)
    for grant, amount in CreditConsumption.objects.values_list("grant_id", "amount"):
        assert amount > 0
        consumed[grant] += amount
    removals = dict(CustomerBalanceTransaction.objects.values_list("stripe_id", "amount"))
    grants = list(CreditGrant.objects.all())
    assert {g.kind for g in grants} >= {"PREPAID_CONTRACT", "STARTUP_PLAN", "ONE_TIME"}
    for grant in grants:
        removed = removals[grant.removal_balance_transaction_id] if grant.removal_balance_transaction_id else ZERO
        assert 0 <= grant.remaining <= grant.amount
        assert grant.amount - consumed[grant.pk] - removed == grant.remaining
        story = run.stories[grant.billing_customer_id]
        if grant.kind != "ONE_TIME":
            now = story.credit_left[-1] if story.credit_end_month > MONTHS else ZERO
            assert grant.remaining == now
            expected = {"APPLIED"} if now else {"EXHAUSTED", "EXPIRED"}
            assert grant.status in expected
    for consumption in CreditConsumption.objects.select_related("invoice", "balance_transaction"):
        assert consumption.amount == consumption.invoice.credits_applied == consumption.balance_transaction.amount
        assert consumption.balance_transaction.invoice_id == consumption.invoice.stripe_id


def test_it_mirrors_the_credit_ledger_on_the_stripe_balance(run):
    """B-20, D-12: the balance transactions replay to the balance = minus the applied grants' remaining."""
    moves = defaultdict(list)
    for customer, created, pk, amount, ending in CustomerBalanceTransaction.objects.values_list(
        "stripe_customer_id", "created", "pk", "amount", "ending_balance"
    ):
        moves[customer].append((created, pk, amount, ending))
    remaining = defaultdict(lambda: ZERO)
    for customer, left in CreditGrant.objects.filter(status="APPLIED").values_list("stripe_customer_id", "remaining"):
        remaining[customer] += left
    for pk, balance in StripeCustomer.objects.values_list("pk", "balance"):
        running = ZERO
        for _, _, amount, ending in sorted(moves[pk]):
            running += amount
            assert ending == running
        assert balance == running == -remaining[pk]


def test_it_pays_for_credit_purchases(run):
    """B-7, B-9, B-24, B-25, D-13: yearly = one paid invoice of the price, amortized = price ÷ term a month."""
    for purchase in CreditPurchase.objects.all():
        story = run.stories[purchase.billing_customer_id]
        plan = story.credit
        assert (purchase.credit_amount, purchase.price, purchase.term_months) == (
            plan.credit_amount, plan.price, plan.term_months
        )
        invoices = list(purchase.invoices.order_by("created"))
        grant = CreditGrant.objects.get(credit_purchase=purchase)
        assert grant.applied_at == invoices[0].paid_at and grant.expires_at == purchase.end_date
        if story.configuration == "ENTERPRISE_YEARLY_CREDIT":
            assert purchase.billing == "upfront"
            assert [(i.total, i.status, i.stripe_customer.role) for i in invoices] == [(plan.price, "paid", "SINGLE")]
        else:
            assert purchase.billing == "monthly"
            assert {i.stripe_customer.role for i in invoices} == {"CREDITS"}
            monthly = (plan.price / plan.term_months).quantize(Decimal("0.01"))
            assert all(abs(i.total - monthly) <= Decimal("0.12") for i in invoices)
            if len(invoices) == plan.term_months:
                assert sum(i.total for i in invoices) == plan.price


def test_it_leaves_a_few_customers_late_for_dunning(run):
    """L-1/B-34 credit-based past the due date; L-2/B-35 card payments failing, 4 tries at most."""
    owner = account_of_invoice()
    late_invoiced, failing = set(), set()
    for inv in Invoice.objects.filter(status="open").prefetch_related("payment_attempts"):
        attempts = list(inv.payment_attempts.all())
        assert len(attempts) == inv.attempt_count <= 4 and not any(a.succeeded for a in attempts)
        if inv.collection_method == "send_invoice" and inv.due_date < AS_OF:
            late_invoiced.add(owner[inv.pk])
        if attempts:
            assert inv.collection_method == "charge_automatically"
            failing.add(owner[inv.pk])
    assert late_invoiced and failing
    assert run.census["L-1"] == len(late_invoiced) and run.census["L-2"] == len(failing)
    assert all(run.stories[pk].configuration.startswith("ENTERPRISE") for pk in late_invoiced)
    past_due = set(Subscription.objects.filter(status="past_due").values_list(
        "stripe_customer__billing_customer_id", flat=True
    ))
    assert past_due == failing


def test_it_refunds_with_credit_notes_on_paid_invoices(run):
    """B-46: issued per product, on the invoice's own lines, never more than was paid."""
    notes = list(CreditNote.objects.select_related("invoice"))
    assert notes
    lines = defaultdict(list)
    for note, invoice, key, line_invoice, amount, line_net in CreditNoteLine.objects.values_list(
        "credit_note_id", "credit_note__invoice_id", "product_key_id", "invoice_line__invoice_id", "amount",
        "invoice_line__net_amount",
    ):
        assert line_invoice == invoice and 0 < amount <= line_net and key
        lines[note].append(amount)
    for note in notes:
        assert note.invoice.status == "paid" and note.amount <= note.invoice.amount_paid
        assert sum(lines[note.pk]) == note.amount == note.invoice.post_payment_credit_notes


def test_it_counts_in_the_census_what_it_wrote(run):
    """The census is per account and counts rows written, not intentions."""
    configs = Counter(run.stories[pk].configuration for pk in BillingCustomer.objects.values_list("pk", flat=True))
    for config in CONFIGURATIONS:
        assert run.census[f"B-1:{config}"] == configs[config] > 0
    assert run.census["B-11"] == configs["LEGACY"]

    def accounts(queryset, path):
        return len(set(queryset.values_list(path, flat=True)))

    assert run.census["B-46"] == accounts(CreditNote.objects, "invoice__stripe_customer__billing_customer_id")
    assert run.census["B-17"] == accounts(CreditGrant.objects.filter(kind="ONE_TIME"), "billing_customer_id") > 0
    assert run.census["B-3:coupon"] == accounts(Discount.objects, "stripe_customer__billing_customer_id") > 0
    assert run.census["B-33"] == accounts(
        CreditGrant.objects.filter(removal_balance_transaction_id__isnull=False), "billing_customer_id"
    )


def test_it_grants_the_one_time_credits_it_announces(run):
    """B-17, B-19: one_time_credit (for accounts.demo's stripe_balance) is what the ledger holds."""
    expected = {}
    for story in run.stories.values():
        credit = billing_demo.one_time_credit(run.ctx, story)
        if credit:
            expected[story.account_id] = (credit.amount, credit.reason, credit.day)
    got = {
        g.billing_customer_id: (g.amount, g.reason, g.starts_on)
        for g in CreditGrant.objects.filter(kind="ONE_TIME")
    }
    assert got == expected
    for grant in CreditGrant.objects.filter(kind="ONE_TIME"):
        grant.full_clean()  # notes or a link; trial accommodations expire


@pytest.mark.parametrize("model", TABLES, ids=lambda model: model.__name__)
def test_it_writes_rows_that_pass_model_validation(run, model):
    """Field validators (Stripe id prefixes, first-of-month, choices) and model constraints."""
    rows = list(model.objects.order_by("pk")[:150]) + list(model.objects.order_by("-pk")[:150])
    assert rows
    for row in rows:
        row.full_clean()
