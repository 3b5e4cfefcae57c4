"""The dunning timeline engine (billing.md B-34…B-39, D-22, D-23; health.md L-1…L-5, D-26)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.engine.dunning_timeline import (
    DunningInvoice,
    Pause,
    PlanKind,
    Step,
    lateness,
    missed_periods,
    plan_kind_of,
    resolution,
    responsibility,
    schedule,
    timeline,
)

CB, PAYG = PlanKind.CREDIT_BASED, PlanKind.PAYG


def inv(
    key=1, kind=CB, *, start=date(2026, 10, 1), total="1000.00", owed=None, due=None, paid=None, failed=()
):
    return DunningInvoice(
        key=key,
        plan_kind=kind,
        period_start=start,
        total=D(total),
        owed=D(owed if owed is not None else total),
        due_date=due,
        paid_on=paid,
        failed_attempts=tuple(failed),
        label=f"INV-{key}",
    )


def days(d0, n):
    return d0 + timedelta(days=n)


# --- day 0 by plan kind -------------------------------------------------------------------------


def test_it_maps_collection_methods_to_plan_kinds_b34_b35():
    assert plan_kind_of("send_invoice") is CB
    assert plan_kind_of("charge_automatically") is PAYG


def test_b34_credit_based_day0_is_the_day_after_the_due_date():
    i = inv(due=date(2026, 11, 10))
    assert i.day0 == date(2026, 11, 11)
    assert not i.late_on(date(2026, 11, 10))  # the due date itself is not late
    assert i.late_on(date(2026, 11, 11))


def test_b34_paid_on_the_due_date_never_becomes_late():
    assert inv(due=date(2026, 11, 10), paid=date(2026, 11, 10)).day0 is None


def test_b34_paid_on_day0_was_late_that_day_but_not_after():
    i = inv(due=date(2026, 11, 10), paid=date(2026, 11, 11))
    assert i.day0 == date(2026, 11, 11)
    assert not i.late_on(date(2026, 11, 11))  # paid by the end of day 0
    assert not i.late_on(date(2026, 11, 20))


def test_b34_withheld_tax_still_counts_as_outstanding():
    # The customer paid the net and withheld tax: 100.00 remains, the invoice is late.
    late = lateness([inv(total="1100.00", owed="100.00", due=date(2026, 11, 1))], date(2026, 11, 5))
    assert late is not None and late.amount_overdue == D("100.00")


def test_b34_nothing_owed_is_never_late_even_past_due():
    assert lateness([inv(owed="0.00", due=date(2026, 11, 1))], date(2026, 12, 1)) is None


def test_b35_d22_payg_day0_is_the_first_failed_attempt():
    i = inv(kind=PAYG, failed=[date(2026, 11, 2), date(2026, 11, 5)])
    assert i.day0 == date(2026, 11, 2)
    late = lateness([i], date(2026, 11, 6))
    assert late is not None and late.plan_kind is PAYG and late.day0 == date(2026, 11, 2)


def test_b35_payg_without_a_failed_attempt_is_not_late_whatever_the_due_date():
    assert lateness([inv(kind=PAYG, due=date(2026, 11, 1))], date(2026, 12, 1)) is None


def test_b35_at_most_four_attempts_are_counted():
    five = [date(2026, 11, d) for d in (1, 4, 6, 8, 10)]
    assert inv(kind=PAYG, failed=five).failures_by(date(2026, 11, 30)) == 4
    assert inv(kind=PAYG, failed=five).failures_by(date(2026, 11, 4)) == 2


def test_b34_b35_the_earliest_late_invoice_sets_day0_and_amounts_add():
    late = lateness(
        [
            inv(1, due=date(2026, 10, 10), total="500.00"),
            inv(2, due=date(2026, 11, 10), total="700.00"),
            inv(3, due=date(2026, 12, 10), total="900.00"),  # not due yet
        ],
        date(2026, 11, 20),
    )
    assert late is not None
    assert late.day0 == date(2026, 10, 11) and late.amount_overdue == D("1200.00") and late.invoices == (1, 2)


# --- responsible and tagged (B-36, L-3, D-26) ---------------------------------------------------


def test_b36_the_owner_is_responsible_and_tagged():
    r = responsibility(owner=7, amount_overdue=D("9999.00"), allocation_leads=[1], cs_leads=[2])
    assert r.responsible == 7 and r.tagged == (7,)


def test_b36_unmanaged_below_1500_tags_the_allocation_lead_alone():
    r = responsibility(owner=None, amount_overdue=D("1499.99"), allocation_leads=[1], cs_leads=[2])
    assert r.responsible == 1 and r.tagged == (1,)


def test_b36_unmanaged_at_exactly_1500_tags_allocation_and_cs_leads():
    r = responsibility(owner=None, amount_overdue=D("1500.00"), allocation_leads=[1], cs_leads=[2])
    assert r.responsible == 1 and r.tagged == (1, 2)


def test_b36_no_role_holders_leaves_nobody_responsible_without_crashing():
    r = responsibility(owner=None, amount_overdue=D("10.00"), allocation_leads=[], cs_leads=[])
    assert r.responsible is None and r.tagged == ()


# --- steps and their days (B-37) ----------------------------------------------------------------


D0 = date(2026, 11, 2)


def test_b37_the_five_steps_fall_on_days_0_6_7_13_14():
    assert schedule(D0) == {
        Step.OUTREACH: D0,
        Step.SUSPENSION_WARNING: days(D0, 6),
        Step.SUSPEND: days(D0, 7),
        Step.CANCELLATION_WARNING: days(D0, 13),
        Step.CANCEL: days(D0, 14),
    }


@pytest.mark.parametrize(
    ("offset", "step", "next_step"),
    [(0, 1, 2), (5, 1, 2), (6, 2, 3), (7, 3, 4), (12, 3, 4), (13, 4, 5), (14, 5, None), (40, 5, None)],
)
def test_b37_the_current_step_on_each_day(offset, step, next_step):
    tl = timeline(D0, days(D0, offset))
    assert tl.step == step
    assert (int(tl.next_step) if tl.next_step else None) == next_step


def test_b37_before_day0_no_step_is_due():
    assert timeline(D0, days(D0, -1)).step == 0


def test_b37_warnings_stay_the_day_before_after_a_pause():
    # Paused 5 days on day 6 (the warning day): suspension moves to day 12, its warning to day 11.
    due = schedule(D0, [Pause(days(D0, 6), 5, "wire in flight")])
    assert due[Step.SUSPEND] == days(D0, 12) and due[Step.SUSPENSION_WARNING] == days(D0, 11)
    assert due[Step.CANCEL] == days(D0, 19) and due[Step.CANCELLATION_WARNING] == days(D0, 18)
    assert due[Step.OUTREACH] == D0


def test_b37_a_pause_after_suspension_only_shifts_the_cancellation():
    due = schedule(
        D0, [Pause(days(D0, 9), 3, "finance on leave")], done={1: D0, 2: days(D0, 6), 3: days(D0, 7)}
    )
    assert due[Step.SUSPEND] == days(D0, 7)  # done on its day, kept
    assert due[Step.CANCEL] == days(D0, 17) and due[Step.CANCELLATION_WARNING] == days(D0, 16)


def test_b37_two_pauses_add_up_and_a_pause_inside_a_shift_counts():
    due = schedule(D0, [Pause(days(D0, 3), 2, "a"), Pause(days(D0, 8), 4, "b")])
    # The first moves suspension to day 9; the second starts day 8 ≤ 9 and moves it to day 13.
    assert due[Step.SUSPEND] == days(D0, 13)
    assert due[Step.CANCEL] == days(D0, 20)


def test_b37_paused_status_and_paused_days():
    pauses = [Pause(days(D0, 3), 4, "genuine reason")]
    assert timeline(D0, days(D0, 4), pauses).paused is not None
    assert timeline(D0, days(D0, 7), pauses).paused is None  # the pause covers days 3..6
    assert timeline(D0, days(D0, 2), pauses).paused_days == 0  # not started yet
    assert timeline(D0, days(D0, 4), pauses).paused_days == 4


# --- the full timeline for both plan kinds, a pause and a payment mid-way -----------------------


def test_b34_b37_b38_credit_based_timeline_with_a_pause_then_payment():
    invoice = inv(due=date(2026, 11, 1), total="2400.00", paid=date(2026, 11, 16))
    late = lateness([invoice], date(2026, 11, 2))
    assert late is not None and late.day0 == date(2026, 11, 2)
    pauses = [Pause(date(2026, 11, 7), 3, "PO being raised")]  # day 5, for 3 days
    tl = timeline(late.day0, date(2026, 11, 10), pauses)
    assert tl.due[Step.SUSPENSION_WARNING] == date(2026, 11, 11)  # day 6 + 3
    assert tl.due[Step.SUSPEND] == date(2026, 11, 12)  # day 7 + 3
    assert tl.due[Step.CANCELLATION_WARNING] == date(2026, 11, 18)
    assert tl.due[Step.CANCEL] == date(2026, 11, 19)
    assert tl.step == 1 and tl.next_due == date(2026, 11, 11)
    on_12 = timeline(late.day0, date(2026, 11, 12), pauses)
    assert on_12.step == 3  # suspended on the shifted day
    res = resolution([invoice], date(2026, 11, 16), suspended_on=date(2026, 11, 12))
    assert res.resolved and res.paid_on == date(2026, 11, 16) and res.reenable_required  # B-38
    assert not resolution([invoice], date(2026, 11, 15), suspended_on=date(2026, 11, 12)).resolved


def test_b35_b37_b38_payg_timeline_with_a_pause_then_payment_before_suspension():
    attempts = [date(2026, 11, 3), date(2026, 11, 6), date(2026, 11, 8), date(2026, 11, 10)]
    invoice = inv(kind=PAYG, total="830.00", failed=attempts, paid=date(2026, 11, 11))
    late = lateness([invoice], date(2026, 11, 3))
    assert late is not None and late.day0 == date(2026, 11, 3)  # the first failure (D-22)
    pauses = [Pause(date(2026, 11, 5), 2, "new card next week")]
    tl = timeline(late.day0, date(2026, 11, 10), pauses)
    assert tl.due[Step.SUSPENSION_WARNING] == date(2026, 11, 11)
    assert tl.due[Step.SUSPEND] == date(2026, 11, 12)
    assert tl.due[Step.CANCEL] == date(2026, 11, 19)
    assert tl.step == 1
    res = resolution([invoice], date(2026, 11, 11), suspended_on=None)
    assert res.resolved and not res.reenable_required  # paid before suspension: nothing to re-enable


def test_b38_one_unpaid_invoice_keeps_the_case_open():
    a = inv(1, due=date(2026, 10, 1), paid=date(2026, 11, 5))
    b = inv(2, due=date(2026, 11, 1))
    assert not resolution([a, b], date(2026, 11, 6), suspended_on=None).resolved


# --- three consecutive missed periods (B-39, D-23, L-5) -----------------------------------------


def _month(m):
    return date(2026, m, 1)


def test_b39_three_consecutive_missed_periods_require_3x_typical_monthly():
    paid = [
        inv(
            k,
            start=_month(k),
            total=t,
            due=_month(k) + timedelta(days=30),
            paid=_month(k) + timedelta(days=20),
        )
        for k, t in ((3, "900.00"), (4, "1000.00"), (5, "1100.00"), (6, "5000.00"))
    ]
    # the last 3 paid before the run are April, May, June: mean (1000 + 1100 + 5000) / 3
    missed = [inv(k, start=_month(k), total="1200.00", due=_month(k) + timedelta(days=30)) for k in (7, 8, 9)]
    result = missed_periods(paid + missed, date(2026, 11, 15))
    assert result.consecutive == 3
    assert result.typical_monthly == D("2366.67")
    assert result.advance_payment_required == D("7100.01")
    assert "B-39" in result.why


def test_b39_two_missed_periods_require_nothing():
    paid = [inv(k, start=_month(k), total="1000.00", due=_month(k), paid=_month(k)) for k in (5, 6, 7)]
    missed = [inv(k, start=_month(k), due=_month(k) + timedelta(days=30)) for k in (8, 9)]
    result = missed_periods(paid + missed, date(2026, 11, 15))
    assert result.consecutive == 2 and result.advance_payment_required is None


def test_b39_a_period_paid_on_time_breaks_the_run():
    late = [
        inv(k, start=_month(k), due=_month(k) + timedelta(days=30), paid=_month(k) + timedelta(days=45))
        for k in (5, 6)
    ]
    on_time = [
        inv(7, start=_month(7), due=_month(7) + timedelta(days=30), paid=_month(7) + timedelta(days=10))
    ]
    missed = [inv(k, start=_month(k), due=_month(k) + timedelta(days=30)) for k in (8, 9)]
    assert missed_periods(late + on_time + missed, date(2026, 11, 15)).consecutive == 2


def test_d23_a_missed_period_counts_even_when_paid_late_afterwards():
    late_paid = [
        inv(k, start=_month(k), due=_month(k) + timedelta(days=30), paid=_month(k) + timedelta(days=40))
        for k in (6, 7)
    ]
    current = [inv(8, start=_month(8), due=_month(8) + timedelta(days=30))]
    assert missed_periods(late_paid + current, date(2026, 11, 15)).consecutive == 3


def test_b39_payg_missed_periods_by_failed_attempts():
    invs = [
        inv(k, PAYG, start=_month(k), total="300.00", failed=[_month(k) + timedelta(days=1)])
        for k in (9, 10, 11)
    ]
    result = missed_periods(invs, date(2026, 11, 20))
    assert result.consecutive == 3 and result.advance_payment_required is None  # no paid history
    assert "no paid invoice" in result.why


# --- properties ---------------------------------------------------------------------------------


@given(
    d0=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 1, 1)),
    pauses=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 60)), max_size=4),
)
def test_b37_property_steps_are_ordered_and_warnings_are_the_day_before(d0, pauses):
    due = schedule(d0, [Pause(days(d0, a), n) for a, n in pauses])
    ordered = [due[s] for s in Step]
    assert ordered == sorted(ordered)
    assert due[Step.SUSPEND] - due[Step.SUSPENSION_WARNING] == timedelta(days=1)
    assert due[Step.CANCEL] - due[Step.CANCELLATION_WARNING] == timedelta(days=1)
    assert due[Step.CANCEL] - due[Step.SUSPEND] >= timedelta(days=7)
    total = sum(n for _, n in pauses)
    assert due[Step.CANCEL] <= days(d0, 14 + total)
