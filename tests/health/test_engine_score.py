# ruff: noqa: RUF002, RUF003  (the contract writes its rules with – − × signs)
"""health.md §1.3 score components, bands and No data, each rule at its boundary."""

from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.health.engine import COMPONENT_KEYS, HealthConfig, evaluate
from accounts.health.engine.trend import shown

from .builders import AS_OF, days_back, facts, seasonal, steady, with_last30


def component(result, key):
    return result.component(key)


def test_it_scores_a_healthy_account_100_good():
    result = evaluate(facts())
    assert result.score == 100
    assert result.band == "Good"
    assert result.top_losses == ()
    assert [c.key for c in result.components] == list(COMPONENT_KEYS)


@pytest.mark.parametrize(
    ("last30", "points", "rule"),
    [
        (30_000, 30, "d ≤ 0 → 30"),  # d = 0
        (29_999, 22, "0 < d < 10 → 22"),  # d just above 0
        (27_001, 22, "0 < d < 10 → 22"),  # d = 9.9967, just under 10
        (27_000, 10, "10 ≤ d < 30 → 10"),  # d = 10 exactly
        (21_001, 10, "10 ≤ d < 30 → 10"),  # d = 29.9967, just under 30
        (21_000, 0, "d ≥ 30 → 0"),  # d = 30 exactly
        (40_000, 30, "d ≤ 0 → 30"),  # growth
    ],
)
def test_usage_trend_points_at_the_d_boundaries_10_and_30(last30, points, rule):
    """§1.3 usage_trend: d = (baseline − last30) ÷ baseline × 100 against 10 and 30."""
    usage = component(evaluate(facts(event_counts=with_last30(last30))), "usage_trend")
    assert (usage.points, usage.rule) == (points, rule)
    assert usage.inputs["baseline"] == 30000.0
    assert usage.inputs["baseline_windows"] == 3
    assert usage.inputs["last30"] == last30


def test_usage_trend_without_a_full_baseline_window_is_insufficient_history():
    """D-5 / decision 2: a window reaching before the first row is not full → 22."""
    usage = component(evaluate(facts(event_counts=steady(days=59))), "usage_trend")
    assert usage.points == 22
    assert usage.inputs["baseline"] is None and usage.inputs["d"] is None
    assert "insufficient history" in usage.rule
    two = component(evaluate(facts(event_counts=steady(days=60))), "usage_trend")
    assert two.inputs["baseline_windows"] == 1


def test_usage_trend_baseline_zero():
    """§1.3 baseline = 0 and last30 > 0 → 30; decision 3: both 0 → 22."""
    events = {days_back(n): 0 for n in range(120)}
    assert component(evaluate(facts(event_counts=events)), "usage_trend").points == 22
    events[AS_OF] = 5
    usage = component(evaluate(facts(event_counts=events)), "usage_trend")
    assert usage.points == 30
    assert usage.inputs["d"] is None


def test_a_missing_day_inside_a_qualifying_window_counts_zero():
    """Decision 2: baseline = mean of window sums, missing days 0."""
    events = steady()
    del events[days_back(45)]
    usage = component(evaluate(facts(event_counts=events)), "usage_trend")
    assert usage.inputs["baseline"] == pytest.approx((29_000 + 30_000 + 30_000) / 3, abs=0.01)


def test_an_active_seasonal_explanation_floors_usage_at_22_and_never_lowers_it():
    """D-6 / decision 4: raises a drop to 22; d ≤ 0 still scores 30; both end dates count."""
    drop = facts(event_counts=with_last30(10_000), seasonal_explanations=(seasonal(10, 0),))
    usage = component(evaluate(drop), "usage_trend")
    assert usage.points == 22
    assert usage.inputs["seasonal"] is True
    assert "at least 22" in usage.rule
    rising = facts(seasonal_explanations=(seasonal(0, -30),))
    assert component(evaluate(rising), "usage_trend").points == 30
    ended = facts(event_counts=with_last30(10_000), seasonal_explanations=(seasonal(40, 1),))
    assert component(evaluate(ended), "usage_trend").points == 0


@pytest.mark.parametrize(
    ("users", "points"), [(0, 0), (1, 3), (2, 3), (3, 10), (4, 10), (5, 18), (9, 18), (10, 25), (500, 25)]
)
def test_engagement_tiers(users, points):
    """§1.3 engagement: ≥ 10 → 25; 5–9 → 18; 3–4 → 10; 1–2 → 3; 0 → 0."""
    assert component(evaluate(facts(active_users_30d=users)), "engagement").points == points


@pytest.mark.parametrize(
    ("products", "points"),
    [
        ((), 0),
        (("product_analytics",), 3),
        (("product_analytics", "web_analytics"), 10),
        (("product_analytics", "web_analytics", "error_tracking"), 15),
        (("product_analytics", "web_analytics", "error_tracking", "logs"), 20),
        (("session_replay",), 8),  # 1 → 3, +5 behavioral
        (("product_analytics", "web_analytics", "surveys"), 20),  # 15 + 5
        (("product_analytics", "web_analytics", "surveys", "logs", "workflows"), 20),  # capped at 20
    ],
)
def test_breadth_points_with_the_behavioral_bonus_capped_at_20(products, points):
    assert component(evaluate(facts(products_used_30d=frozenset(products))), "breadth").points == points


def test_breadth_is_capped_at_5_while_warehouse_only_export_is_open():
    """§1.3 breadth cap and S-9 (< 5 views with a warehouse export)."""
    open_ = facts(warehouse_export_active=True, insight_dashboard_views_30d=4)
    breadth = component(evaluate(open_), "breadth")
    assert (breadth.points, breadth.inputs["warehouse_cap"]) == (5, True)
    closed = facts(warehouse_export_active=True, insight_dashboard_views_30d=5)
    assert component(evaluate(closed), "breadth").points == 20


def test_relationship_loses_5_per_open_signal():
    from .builders import channel, contact, recommendation

    one = evaluate(facts(shared_channel=channel(60, 20)))
    assert component(one, "relationship").points == 10
    three = evaluate(
        facts(
            shared_channel=channel(60, 20),
            customer_recommendations=(recommendation(20),),
            contacts={"c1": contact("left")},
        )
    )
    rel = component(three, "relationship")
    assert rel.points == 0
    assert set(rel.inputs["open_signals"]) == {"slack_silent", "rec_not_actioned", "champion_changed"}


def test_support_and_billing_penalties_and_payment_once():
    """§1.3 support_billing: 10 − 4 (spike) − 3 (billing) − 10 (payment), floor 0; decision 13."""
    spike = evaluate(facts(ticket_opened_on=(AS_OF,) * 3))
    assert component(spike, "support_billing").points == 6
    billing = evaluate(facts(billing_page_views_7d=1))
    assert component(billing, "support_billing").points == 7
    both = evaluate(facts(ticket_opened_on=(AS_OF,) * 3, billing_page_views_7d=2))
    assert component(both, "support_billing").points == 3
    paid = evaluate(facts(payment_late=True, payg_failed_attempts=2))
    support = component(paid, "support_billing")
    assert support.points == 0
    assert support.inputs["open_signals"] == ["payment_late", "payg_payment_failed"]


@pytest.mark.parametrize(("score_users", "band"), [(69, "Fair"), (70, "Good"), (40, "Fair"), (39, "Poor")])
def test_band_boundaries(score_users, band):
    """D-2: Good ≥ 70, Fair 40–69, Poor < 40 (checked through band_for, the same code)."""
    from accounts.health.engine.score import band_for

    assert band_for(score_users, HealthConfig()) == band


def test_no_data_when_no_row_in_the_last_7_days():
    """D-4 / decision 6: rows up to as_of − 7 only → No data, points null, inputs {}."""
    events = {day: n for day, n in steady().items() if day <= AS_OF - timedelta(days=7)}
    result = evaluate(facts(event_counts=events))
    assert (result.score, result.band, result.top_losses) == (None, "No data", ())
    assert all(c.points is None and c.inputs == {} for c in result.components)
    events[AS_OF - timedelta(days=6)] = 1
    assert evaluate(facts(event_counts=events)).band != "No data"


def test_top_losses_largest_first_ties_in_table_order():
    result = evaluate(
        facts(active_users_30d=5, products_used_30d=frozenset({"product_analytics", "logs", "web_analytics"}))
    )
    # engagement lost 7, breadth lost 5
    assert result.top_losses == ("engagement", "breadth")
    tie = evaluate(facts(active_users_30d=3, event_counts=with_last30(27_000)))  # usage −20, engagement −15
    assert tie.top_losses == ("usage_trend", "engagement")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(12345, 1000), 12.35), (Fraction(-12345, 1000), -12.35), (Fraction(29995, 1000), 30.0)],
)
def test_shown_values_round_half_up_away_from_zero(value, expected):
    """Decision 18: half-up to 2 places; the exact d still drives points."""
    assert shown(value) == expected


@settings(max_examples=120, deadline=None)
@given(
    last30=st.integers(0, 80_000),
    users=st.integers(0, 40),
    products=st.sets(
        st.sampled_from(
            ["product_analytics", "web_analytics", "surveys", "logs", "session_replay", "error_tracking"]
        )
    ),
    tickets=st.integers(0, 6),
    billing=st.integers(0, 3),
    late=st.booleans(),
    warehouse=st.booleans(),
    views=st.integers(0, 10),
)
def test_property_components_add_up_to_the_score(
    last30, users, products, tickets, billing, late, warehouse, views
):
    """§1.3: score = sum of the component points, each within 0…max, band from the score."""
    result = evaluate(
        facts(
            event_counts=with_last30(last30),
            active_users_30d=users,
            products_used_30d=frozenset(products),
            ticket_opened_on=(AS_OF,) * tickets,
            billing_page_views_7d=billing,
            payment_late=late,
            warehouse_export_active=warehouse,
            insight_dashboard_views_30d=views,
        )
    )
    assert result.score == sum(c.points for c in result.components)
    assert 0 <= result.score <= 100
    assert all(0 <= c.points <= c.max for c in result.components)
    assert result.band == ("Good" if result.score >= 70 else "Fair" if result.score >= 40 else "Poor")
    losses = [result.component(k).lost for k in result.top_losses]
    assert losses == sorted(losses, reverse=True) and all(loss > 0 for loss in losses)
