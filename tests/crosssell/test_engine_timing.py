"""TIM-3 windows with D-11's month arithmetic; PAUSE-1…8 and WWDB reasons with their TIM-5
labels and re-open dates; each at its boundary."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crosssell.engine import DEFAULT_POLICY, Champion, OwnerChange, SignalEvent, Ticket, Usage, evaluate
from crosssell.engine.timing import account_reasons, add_months, contract_window, whole_months
from tests.crosssell.helpers import facts


def window(as_of, start, end=None):
    return contract_window(as_of, start, end, DEFAULT_POLICY)


def reasons(f):
    return account_reasons(f, window(f.as_of, f.contract_start, f.contract_end) if f.billing_type == "annual" else window(f.as_of, None), DEFAULT_POLICY)


def test_d11_the_day_before_month_3_is_month_2_and_on_it_month_3():
    """TIM-3 / D-11: contract day before month 3 → adoption_only; on it → prime."""
    start = date(2025, 1, 15)
    before, on = window(date(2025, 3, 14), start), window(date(2025, 3, 15), start)
    assert (before.contract_month, before.name) == (2, "adoption_only")
    assert (on.contract_month, on.name) == (3, "prime")


def test_d11_month_ends_fall_back_to_the_last_day():
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    w = window(date(2025, 2, 28), date(2023, 12, 31), date(2026, 12, 30))
    assert w.contract_month == 3


def test_tim3_windows_over_a_year():
    start = date(2025, 1, 15)
    names = [window(add_months(start, n), start).name for n in range(12)]
    assert names == ["adoption_only"] * 2 + ["prime"] * 4 + ["reinforce"] * 3 + ["why_stay"] * 3


def test_why_stay_also_in_the_last_three_months_of_an_odd_term():
    start, end = date(2025, 1, 15), date(2025, 8, 14)
    assert window(date(2025, 5, 14), start, end).name == "prime"
    assert window(date(2025, 5, 15), start, end).name == "why_stay"


def test_annual_months_1_2_reopens_on_month_3_of_the_current_contract_year():
    """contracts.md: year 2 of a 2024-01-15 contract re-opens 2025-03-15, not 2024-03-15."""
    f = facts(as_of=date(2025, 1, 20), billing_type="annual", contract_start=date(2024, 1, 15),
              contract_end=date(2026, 1, 14))
    r = reasons(f)["annual_months_1_2"]
    assert r.label == "Contract month 1 of 12 — pure adoption focus"
    assert r.reopens_on == date(2025, 3, 15)


def test_annual_months_10_12_reopens_on_the_renewals_month_3():
    f = facts(as_of=date(2025, 11, 20), billing_type="annual", contract_start=date(2025, 1, 15),
              contract_end=date(2026, 1, 14))
    r = reasons(f)["annual_months_10_12"]
    assert r.label == "Contract month 11 — focus on why stay" and r.reopens_on == date(2026, 3, 15)
    early = facts(as_of=date(2025, 7, 1), billing_type="annual", contract_start=date(2025, 1, 15),
                  contract_end=date(2025, 8, 31))
    assert reasons(early)["annual_months_10_12"].reopens_on == date(2025, 11, 1)


def test_monthly_billing_has_no_window():
    assert window(date(2025, 6, 16), None).name == "none"


def test_pause3_day_29_since_paid_start_pauses_day_30_does_not():
    """PAUSE-3: as_of - paid_start < 30; label «Day d of 30» with d = days + 1."""
    paid = date(2025, 6, 1)
    base = dict(paid_start=paid, products={"product_analytics": "10.00"}, people=[("sales", 1)])
    day29 = facts(as_of=paid + timedelta(days=29), **base)
    day30 = facts(as_of=paid + timedelta(days=30), **base)
    card29 = evaluate(day29).cards[0]
    assert card29.why_not_now["first_30_days"].label == "Day 30 of 30 since paid start"
    assert card29.why_not_now["first_30_days"].reopens_on == paid + timedelta(days=30)
    assert "first_30_days" not in evaluate(day30).cards[0].why_not_now


def test_pause3_is_waived_by_customer_initiated_interest():
    paid = date(2025, 6, 10)
    base = dict(as_of=date(2025, 6, 16), paid_start=paid, products={"product_analytics": "10.00"}, people=[("sales", 1)])
    waived_all = evaluate(facts(**base, events=(SignalEvent("customer_initiated_interest", date(2025, 6, 12)),)))
    named = evaluate(facts(**base, events=(SignalEvent("customer_initiated_interest", date(2025, 6, 12), "session_replay"),)))
    other = evaluate(facts(**base, events=(SignalEvent("customer_initiated_interest", date(2025, 6, 12), "logs"),)))
    assert "first_30_days" not in waived_all.cards[0].why_not_now
    assert "first_30_days" not in named.cards[0].why_not_now
    assert "first_30_days" in other.cards[0].why_not_now


def test_pause1_open_incident_or_urgent_ticket_but_not_a_normal_one():
    assert "active_support_issue_or_incident" in reasons(facts(open_incidents=("INC-1",)))
    assert reasons(facts(open_tickets=(Ticket("9", "urgent"),)))["active_support_issue_or_incident"].label == "Open incident/ticket #9"
    assert "active_support_issue_or_incident" not in reasons(facts(open_tickets=(Ticket("9", "normal"),)))


def test_pause2_open_check_items_count():
    r = reasons(facts(open_implementation_items=("no_reverse_proxy", "identify_every_pageload")))
    assert r["implementation_needs_attention"].label == "2 open health-check items"


def test_pause4_budget_event_at_89_days_pauses_at_90_it_is_gone():
    logged = date(2025, 3, 1)
    at89 = facts(as_of=logged + timedelta(days=89), events=(SignalEvent("budget_constraint", logged),))
    at90 = facts(as_of=logged + timedelta(days=90), events=(SignalEvent("budget_constraint", logged),))
    r = reasons(at89)["budget_constraint"]
    assert r.label == "Logged on 2025-03-01" and r.reopens_on == logged + timedelta(days=90)
    assert "budget_constraint" not in reasons(at90)


def test_pause5_a_cleared_price_complaint_no_longer_pauses():
    logged = date(2025, 6, 1)
    assert "price_complaint" in reasons(facts(events=(SignalEvent("price_complaint", logged),)))
    assert "price_complaint" not in reasons(facts(events=(SignalEvent("price_complaint", logged, cleared=True),)))


def test_pause6_three_weekly_declines_do_not_pause_four_do():
    assert "usage_declining_4w" not in reasons(facts(usage=Usage(events_weekly=(100, 110, 100, 90, 80))))
    assert "usage_declining_4w" in reasons(facts(usage=Usage(events_weekly=(120, 110, 100, 90, 80))))
    assert "usage_declining_4w" not in reasons(facts(usage=Usage(events_weekly=(110, 100, 90, 80))))
    assert "usage_declining_4w" not in reasons(facts(usage=Usage(events_weekly=(120, 110, 110, 90, 80))))


def test_pause7_champion_left_then_replaced():
    left = Champion("Ana", "left", date(2025, 5, 2))
    assert reasons(facts(champions=(left,)))["champion_left"].label == "Champion Ana left on 2025-05-02"
    assert "champion_left" not in reasons(facts(champions=(left, Champion("Bo", "active"))))
    assert "champion_left" in reasons(facts(champions=(left, Champion("Cy", "changed_role"))))


def test_pause8_owner_changed_to_a_data_engineer():
    r = reasons(facts(data_engineer_owner=OwnerChange("Dee", date(2025, 6, 1))))["data_engineer_owner"]
    assert r.label == "Owner changed to data engineer Dee"
    assert r.reopens_when == "cleared with a reason, or owner changes"


def test_compliance_reasons_suppress_with_their_label():
    r = reasons(facts(compliance_status="review_required"))["compliance_review_required"]
    assert r.label == "Compliance: review required" and r.reopens_when == "legal clears it"
    assert "compliance_blocked" in reasons(facts(compliance_status="blocked"))
    assert "discretionary_hold" in reasons(facts(compliance_status="discretionary_hold"))
    assert reasons(facts(compliance_status="ok")) == {}


@given(st.dates(date(2000, 1, 1), date(2090, 1, 1)), st.integers(0, 400))
def test_property_whole_months_is_the_largest_n(start, days):
    today = start + timedelta(days=days)
    n = whole_months(start, today)
    assert add_months(start, n) <= today < add_months(start, n + 1)
