"""The stored quota pipeline (quota.md Entities and Jobs): what the recompute stores, exactly as the
engine computes it, idempotent, set-wise, explained."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quota.engine import Quarter
from quota.models import AttainmentLine, MonthQuota, PolicyStatus, QuotaPeriod, QuotaPolicyVersion, QuotaRun
from quota.policies import engine_policy, version_in_force
from quota.recompute import RunContext, recompute_chunk
from quota.recompute.service import recompute_quarter
from quota.services import quarters_to_recompute, quota_recompute
from tests.factories import (
    BookMembershipFactory,
    ContractQuotaFlagFactory,
    CreditPurchaseFactory,
    OrderFormFactory,
    SubscriptionFactory,
    UserFactory,
    billed_account,
    invoice_with_lines,
)

from .conftest import AFTER_Q2_CUTOFF, HANDBOOK_MONTHS, handbook_customer

pytestmark = pytest.mark.django_db
Q2 = Quarter(2025, 2)


def run(quarter=Q2, today=AFTER_Q2_CUTOFF, **kwargs):
    return quota_recompute(quarter=quarter, today=today, **kwargs)


def line_of(account, quarter=Q2):
    return AttainmentLine.objects.get(account=account, period__year=quarter.year, period__quarter=quarter.number)


def test_it_stores_the_handbook_table_giving_11160(handbook, tam):
    """quota.md Handbook example 1 (Q-2…Q-6): stored per month and as the TAM's attainment line."""
    account, _ = handbook
    run()
    line = line_of(account)
    assert (line.starting_arr, line.ending_arr, line.adjusted_contribution) == (
        Decimal("19600.00"), Decimal("30760.00"), Decimal("11160.00"))
    assert line.rep == tam and line.k_prev == 3 and line.k_curr == 3
    assert line.eligibility == "eligible" and line.counted == Decimal("11160.00") and not line.provisional
    months = {m.month: m for m in MonthQuota.objects.filter(account=account)}
    assert [(m.invoice_amount, m.paid_count, m.multiplier, m.quota_amount) for m in months.values()] == [
        (Decimal("2700.00"), 2, Decimal("0.90"), Decimal("2430.00")),
        (Decimal("2800.00"), 1, Decimal("0.70"), Decimal("1960.00")),
        (Decimal("3000.00"), 3, Decimal("1.10"), Decimal("3300.00")),
    ]
    june = months[dt.date(2025, 6, 1)]
    assert june.paid_products == ["product_analytics", "session_replay", "feature_flags"]  # "3 paid products = 1.1x"
    explained = june.explanation["month"]
    assert explained["invoices"] and [line["paid"] for line in explained["lines"]] == [True, True, True]
    assert any(step["rule"] == "Q-3" for step in explained["steps"])


def test_it_explains_every_line_with_inputs_both_quarters_and_rule_ids(handbook):
    account, _ = handbook
    run()
    explanation = line_of(account).explanation
    assert [m["quota_amount"] for m in explanation["months"]] == ["1610.00", "1540.00", "1750.00", "2430.00",
                                                                 "1960.00", "3300.00"]
    assert explanation["quarters"]["previous"]["arr"] == "19600.00"
    assert explanation["quarters"]["current"]["k"] == 3
    assert len(explanation["inputs"]["invoices"]) == 6
    assert {"Q-5", "Q-6", "C-4"} <= {step["rule"] for step in explanation["steps"]}
    assert line_of(account).inputs_hash and line_of(account).policy_version.status == PolicyStatus.PUBLISHED


def test_it_records_each_run_with_its_inputs_hash_and_policy(handbook):
    first = run()
    second = run()
    assert first.policy_version == version_in_force(Q2)
    assert first.inputs_hash == second.inputs_hash != ""
    assert first.rows_written["attainment_line"] == 1 and first.rows_written["month_quota"] == 3
    assert first.finished_at is not None and first.account_count == 1 and first.chunk_count == 1


def test_it_is_idempotent_a_second_run_changes_no_row(handbook, tam):
    _account, _ = handbook
    run()
    before_lines = list(AttainmentLine.objects.values())
    before_months = list(MonthQuota.objects.values())
    history = AttainmentLine.history.count(), MonthQuota.history.count()
    again = run()
    assert again.rows_written == {"attainment_line": 0, "month_quota": 0, "quota": 0}
    assert list(AttainmentLine.objects.values()) == before_lines  # computed_at included: untouched
    assert list(MonthQuota.objects.values()) == before_months
    assert (AttainmentLine.history.count(), MonthQuota.history.count()) == history


def test_it_rewrites_only_what_changed_and_keeps_the_history(handbook):
    account, customer = handbook
    run()
    invoice_with_lines(customer, dt.date(2025, 6, 15), {"surveys": "300.00"})  # a 4th paid product in June
    changed = run()
    assert changed.rows_written == {"attainment_line": 1, "month_quota": 1, "quota": 0}
    june = MonthQuota.objects.get(account=account, month=dt.date(2025, 6, 1))
    assert (june.invoice_amount, june.multiplier, june.quota_amount) == (
        Decimal("3300.00"), Decimal("1.30"), Decimal("4290.00"))  # QD-25: summed with the other June invoice
    line = line_of(account)
    assert line.ending_arr == Decimal("34720.00")  # 4 x (2430 + 1960 + 4290)
    kinds = list(AttainmentLine.history.filter(account_id=account.pk).order_by("history_id").values_list(
        "history_type", "adjusted_contribution"))
    assert kinds == [("+", Decimal("11160.00")), ("~", Decimal("15120.00"))]


def test_it_deletes_a_line_when_the_account_leaves_the_book(handbook, tam):
    account, _ = handbook
    run()
    account.book_memberships.update(ended_on=dt.date(2025, 3, 31), removal_reason="handed_over")
    result = run()
    assert result.rows_written["attainment_line"] == 1
    assert not AttainmentLine.objects.filter(account=account).exists()
    assert AttainmentLine.history.filter(account_id=account.pk, history_type="-").count() == 1
    assert MonthQuota.objects.filter(account=account).count() == 3  # months are per account, not per book


def _book(tam, count, months=HANDBOOK_MONTHS):
    return [handbook_customer(tam, months=months)[0].pk for _ in range(count)]


def test_it_loads_and_writes_a_chunk_in_the_same_number_of_queries_whatever_its_size(tam):
    """ARCHITECTURE: a fixed number of queries per chunk — 2 accounts or 12, first run or rerun."""
    small, large = _book(tam, 2), _book(tam, 12)
    other_tam = UserFactory(role="tam")
    for account_id in large[:4]:  # a second TAM's pending-removal membership on some accounts
        BookMembershipFactory(account_id=account_id, tam=other_tam, pending_removal=True, removal_reason="rebalance")
    counts = {}
    for name, ids in (("small", small), ("large", large)):
        run_row = recompute_quarter(Q2, today=AFTER_Q2_CUTOFF, trigger="command", account_ids=[])
        ctx = RunContext(Q2, QuotaPeriod.objects.get(year=2025, quarter=2), engine_policy(run_row.policy_version),
                         AFTER_Q2_CUTOFF, run_row.started_at, run_row.pk)
        with CaptureQueriesContext(connection) as first:
            recompute_chunk(ctx, ids)
        with CaptureQueriesContext(connection) as rerun:
            recompute_chunk(ctx, ids)
        counts[name] = (len(first), len(rerun))
    assert counts["small"] == counts["large"]
    first_run, rerun = counts["large"]
    assert (first_run, rerun) == (15, 9)  # 9 reads; then per table: upsert, id read-back, history


def test_it_gives_the_same_rows_for_chunk_size_1_and_500(tam):
    ids = _book(tam, 5)
    recompute_quarter(Q2, today=AFTER_Q2_CUTOFF, trigger="command", chunk_size=1)
    by_one = sorted(AttainmentLine.objects.values_list("account_id", "adjusted_contribution", "inputs_hash"))
    AttainmentLine.objects.all().delete()
    MonthQuota.objects.all().delete()
    big = recompute_quarter(Q2, today=AFTER_Q2_CUTOFF, trigger="command", chunk_size=500)
    assert big.chunk_count == 1 and len(ids) == 5
    assert sorted(AttainmentLine.objects.values_list("account_id", "adjusted_contribution", "inputs_hash")) == by_one


@pytest.mark.parametrize(("amount", "paid"), [("200.00", False), ("200.01", True)])
def test_it_counts_a_product_as_paid_only_strictly_above_200(tam, amount, paid):
    """Q-2 boundary: 200.00 is not paid, 200.01 is."""
    months = [(dt.date(2025, 4, 1), {"product_analytics": "1000.00", "session_replay": amount})]
    account, _ = handbook_customer(tam, months=months)
    run()
    april = MonthQuota.objects.get(account=account)
    assert april.paid_count == (2 if paid else 1)
    assert april.multiplier == (Decimal("0.90") if paid else Decimal("0.70"))


@pytest.mark.parametrize(("first_month", "k", "starting"), [
    (dt.date(2025, 3, 1), 1, Decimal("21000.00")),  # one month x 12: 2500 x 0.7 x 12
    (dt.date(2025, 2, 1), 2, Decimal("19740.00")),  # two months x 6: (1540 + 1750) x 6
])
def test_it_annualises_a_previous_quarter_with_one_or_two_invoiced_periods(tam, first_month, k, starting):
    """Q-5, Handbook example 4: "one month … multiplied by 12 … two invoices … multiplied by 6"."""
    months = [(day, lines) for day, lines in HANDBOOK_MONTHS if day >= first_month]
    account, _ = handbook_customer(tam, months=months)
    run()
    line = line_of(account)
    assert (line.k_prev, line.starting_arr, line.ending_arr) == (k, starting, Decimal("30760.00"))


def test_it_counts_k_from_the_first_invoice_ever_not_the_loaded_window(tam):
    """Q-5: invoices before the six loaded months still make the customer an old one (k = 3)."""
    months = [(dt.date(2024, 11, 1), {"product_analytics": "100.00"})] + [
        (day, lines) for day, lines in HANDBOOK_MONTHS if day >= dt.date(2025, 2, 1)]
    account, _ = handbook_customer(tam, months=months)
    run()
    assert line_of(account).k_prev == 3 and line_of(account).starting_arr == Decimal("13160.00")  # 4 x 3290


def test_it_computes_a_quarter_crossing_the_year(tam):
    """Q-16: the previous quarter of 2025-Q1 is 2024-Q4."""
    months = [(dt.date(2024, 10 + i, 1), {"product_analytics": "1000.00"}) for i in range(3)] + [
        (dt.date(2025, 1 + i, 1), {"product_analytics": "2000.00"}) for i in range(3)]
    account, _ = handbook_customer(tam, months=months, added_on=dt.date(2024, 9, 1))
    run(Quarter(2025, 1), today=dt.date(2025, 4, 20))
    line = line_of(account, Quarter(2025, 1))
    assert (line.starting_arr, line.ending_arr, line.adjusted_contribution) == (
        Decimal("8400.00"), Decimal("16800.00"), Decimal("8400.00"))


def test_it_recognises_only_usage_above_the_annual_run_rate(tam):
    """Q-9, Handbook example 5: a $120k contract invoiced $20k/month counts the extra $10k/month."""
    months = [(dt.date(2025, m, 1), {"product_analytics": "20000.00"}) for m in range(1, 7)]
    account, _ = handbook_customer(tam, months=months)
    CreditPurchaseFactory(billing_customer=account.billing_customers.get(), start_date=dt.date(2025, 4, 1),
                          credit_amount=Decimal("120000.00"))
    run()
    line = line_of(account)
    assert line.reference_run_rate == Decimal("10000.00")
    assert MonthQuota.objects.get(account=account, month=dt.date(2025, 5, 1)).quota_amount == Decimal("7000.00")
    assert (line.starting_arr, line.ending_arr, line.adjusted_contribution) == (
        Decimal("84000.00"), Decimal("84000.00"), Decimal("0.00"))  # QD-10: a conversion is neutral
    assert line.bucket == "annual_above_run_rate"


def test_it_suppresses_a_legacy_conversion_in_its_first_year(tam):
    """Q-10: no double dipping."""
    account, _ = handbook_customer(tam)
    purchase = CreditPurchaseFactory(billing_customer=account.billing_customers.get(),
                                     start_date=dt.date(2025, 1, 1), credit_amount=Decimal("12000.00"))
    ContractQuotaFlagFactory(credit_purchase=purchase)
    run()
    line = line_of(account)
    assert line.legacy_suppressed and line.adjusted_contribution == Decimal("0.00")
    assert set(MonthQuota.objects.filter(account=account).values_list("quota_amount", flat=True)) == {Decimal("0")}


def test_it_excludes_a_positive_contribution_signed_outside_policy(tam):
    """Q-11: the reference contract's order form does not count toward quota."""
    account, _ = handbook_customer(tam)
    purchase = CreditPurchaseFactory(billing_customer=account.billing_customers.get(),
                                     start_date=dt.date(2025, 1, 1), credit_amount=Decimal("1200.00"))
    OrderFormFactory(account=account, credit_purchase=purchase, counts_toward_quota=False)
    run()
    line = line_of(account)
    assert line.out_of_policy_excluded and line.adjusted_contribution == Decimal("0.00")
    assert line.raw_contribution > 0


@pytest.mark.parametrize(("added_on", "grace"), [
    (dt.date(2025, 4, 1), True),   # cancelled 2025-06-10 < 2025-07-01: inside grace
    (dt.date(2025, 3, 10), False),  # grace ended 2025-06-10: a churn on that day counts (strict)
])
def test_it_forgives_a_churn_only_inside_the_grace_period(tam, added_on, grace):
    """Q-7, Q-8, QD-9: a cancellation inside the quarter makes it $0; grace covers 3 calendar months."""
    account, customer = handbook_customer(tam, added_on=added_on)
    SubscriptionFactory(stripe_customer=customer, status="canceled",
                        canceled_at=dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC))
    run()
    line = line_of(account)
    assert line.churned and line.churn_date == dt.date(2025, 6, 10) and line.ending_arr == 0
    assert line.grace_applied is grace
    assert line.adjusted_contribution == (Decimal("0.00") if grace else Decimal("-19600.00"))
    assert line.bucket == "churn_and_adjustments"


def test_it_churns_a_quarter_whose_last_month_has_no_invoice(tam):
    account, _ = handbook_customer(tam, months=HANDBOOK_MONTHS[:5])
    run()
    line = line_of(account)
    assert line.churned and line.churn_date == dt.date(2025, 6, 1) and not line.grace_applied


def test_it_defers_a_contribution_unpaid_at_the_cutoff_and_releases_it_later(tam):
    """C-4, C-6: unpaid on the 14th → deferred unchanged; released at the next eligible cutoff."""
    months = HANDBOOK_MONTHS[:5]
    account, customer = handbook_customer(tam, months=months)
    invoice_with_lines(customer, dt.date(2025, 6, 1), HANDBOOK_MONTHS[5][1], status="open")
    run()
    q2 = line_of(account)
    assert q2.eligibility == "deferred_unpaid_at_cutoff"
    assert (q2.counted, q2.deferred_out) == (Decimal("0.00"), Decimal("11160.00"))
    for month in (7, 8, 9):
        invoice_with_lines(customer, dt.date(2025, month, 1), {"product_analytics": "3000.00"})
    run(Quarter(2025, 3), today=dt.date(2025, 10, 20))
    q3 = line_of(account, Quarter(2025, 3))
    assert q3.released_in == Decimal("11160.00") and q3.released_from == ["2025-Q2"]
    assert q3.attainment == q3.counted + Decimal("11160.00")


def test_it_defers_a_monthly_customer_until_two_lifetime_paid_invoices(tam):
    """C-5: a brand-new monthly customer's first invoice alone is not enough."""
    account, _ = handbook_customer(tam, months=[(dt.date(2025, 6, 1), {"product_analytics": "1000.00"})])
    run()
    line = line_of(account)
    assert line.eligibility == "deferred_first_invoices" and line.deferred_out == Decimal("8400.00")


def test_it_marks_in_quarter_runs_provisional_with_k_counting_months_so_far(handbook):
    """QD-28: on 2025-05-20 only April and May are invoiced; k = 2."""
    account, _ = handbook
    run(today=dt.date(2025, 5, 20))
    line = line_of(account)
    assert line.provisional and line.k_curr == 2
    assert line.ending_arr == Decimal("26340.00")  # (2430 + 1960) x 6
    assert QuotaPeriod.objects.get(year=2025, quarter=2).status == "open"


def test_it_uses_the_policy_version_in_force_on_the_quarters_first_day(handbook):
    """QD-27: a published version from 2025-Q2 with a 0.5 base changes both quarters alike."""
    account, _ = handbook
    base = QuotaPolicyVersion.objects.get(status="published")
    QuotaPolicyVersion.objects.create(
        effective_from=dt.date(2025, 4, 1), status="published", primary_products=base.primary_products,
        multiplier_base=Decimal("0.50"), multiplier_zero_paid=Decimal("0.50"),
    )
    run()
    line = line_of(account)
    assert line.policy_version.effective_from == dt.date(2025, 4, 1)
    # previous quarter 4 x (2300+2200+2500) x 0.5; current 4 x (2700 x 0.7 + 2800 x 0.5 + 3000 x 0.9)
    assert (line.starting_arr, line.ending_arr) == (Decimal("14000.00"), Decimal("23960.00"))


def test_it_refuses_to_change_a_published_policy():
    from django.core.exceptions import ValidationError

    version = QuotaPolicyVersion.objects.get(status="published")
    version.paid_threshold = Decimal("100.00")
    with pytest.raises(ValidationError):
        version.save()


def test_it_seeds_the_handbook_policy_by_migration():
    version = QuotaPolicyVersion.objects.get(status="published")
    assert version.paid_threshold == Decimal("200.00") and version.multiplier_base == Decimal("0.70")
    assert len(version.primary_products) == 11 and version.primary_products[0] == "product_analytics"
    assert version.cutoff_day == 14 and version.grace_months == 3


def test_it_runs_the_open_quarters_nightly():
    """compute_attainment: the current quarter; the previous one until the day after its cutoff."""
    assert quarters_to_recompute(dt.date(2025, 7, 15)) == [Quarter(2025, 2), Quarter(2025, 3)]
    assert quarters_to_recompute(dt.date(2025, 7, 16)) == [Quarter(2025, 3)]


def test_it_computes_accounts_without_a_book_for_their_months_only(tam):
    account, customer = billed_account()
    invoice_with_lines(customer, dt.date(2025, 5, 1), {"logs": "900.00"})
    result = run()
    assert result.account_count == 1
    assert MonthQuota.objects.get(account=account).multiplier == Decimal("0.70")
    assert not AttainmentLine.objects.exists() and QuotaRun.objects.count() == 1
