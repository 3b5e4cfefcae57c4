"""accounts.engine.usage: trailing windows, series and product activity (pure, no database)."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.engine import usage
from accounts.engine.calendar import add_months
from accounts.engine.usage import DayUsage

AS_OF = date(2025, 6, 15)  # a Sunday
ALL_KEYS = frozenset(usage.ACTIVE_RULES) | {"teams_addon", "boost_package"}


def day(offset: int, **fields) -> DayUsage:
    """A row `offset` days before AS_OF."""
    return DayUsage(date=AS_OF - timedelta(days=offset), **fields)


# --- windows --------------------------------------------------------------------------------


def test_it_bounds_a_window_to_as_of_and_the_n_minus_one_days_before():
    assert usage.window_bounds(AS_OF, 30) == (date(2025, 5, 17), AS_OF)
    assert usage.window_bounds(AS_OF, 1) == (AS_OF, AS_OF)
    with pytest.raises(ValueError, match="days"):
        usage.window_bounds(AS_OF, 0)


@pytest.mark.parametrize("days", usage.WINDOW_DAYS)
def test_it_counts_a_row_n_minus_one_days_back_and_not_one_n_days_back(days):
    rows = [day(days - 1, event_count=1), day(days, event_count=10), day(-1, event_count=100)]
    window = usage.trailing(rows, AS_OF, days)
    assert window.event_count == 1
    assert window.days_with_data == 1
    assert window.start == AS_OF - timedelta(days=days - 1)


def test_it_sums_7_28_and_30_day_windows_like_a_hand_computation():
    rows = [day(i, event_count=100 + i, logins=1, billing_page_views=i % 2) for i in range(40)]
    for days in (7, 28, 30):
        window = usage.trailing(rows, AS_OF, days)
        assert window.event_count == sum(100 + i for i in range(days))
        assert window.logins == days
        assert window.billing_page_views == sum(i % 2 for i in range(days))
    # by hand: days 0..6 → 100+101+…+106
    assert usage.trailing(rows, AS_OF, 7).event_count == 721


def test_it_takes_30_day_figures_and_levels_from_the_latest_row_but_sums_flows():
    rows = [
        day(2, active_users_30d=9, warehouse_export_active=True,
            product_usage={"feature_flags": {"active_flags": 4, "flag_requests": 10}}),
        day(0, active_users_30d=7,
            product_usage={"feature_flags": {"active_flags": 6, "flag_requests": 5}}),
    ]
    window = usage.trailing(rows, AS_OF, 7)
    assert window.active_users_30d == 7
    assert window.warehouse_export_active is False
    assert window.counter("feature_flags", "active_flags") == 6
    assert window.counter("feature_flags", "flag_requests") == 15
    assert window.counter("session_replay", "recordings_captured") == 0


def test_it_returns_an_empty_window_without_rows():
    window = usage.trailing([], AS_OF, 30)
    assert not window.has_data
    assert window.event_count == 0 and window.active_users_30d == 0


def test_it_lays_trailing_windows_back_to_back_oldest_first():
    rows = [day(i, event_count=1) for i in range(120)]
    windows = usage.trailing_windows(rows, AS_OF, 30, 4)
    assert [w.end for w in windows] == [AS_OF - timedelta(days=30 * k) for k in (3, 2, 1, 0)]
    for older, newer in itertools.pairwise(windows):
        assert newer.start == older.end + timedelta(days=1)
    assert [w.event_count for w in windows] == [30, 30, 30, 30]


# --- weekly and monthly series ----------------------------------------------------------------


def test_it_ends_the_weekly_series_with_the_last_complete_iso_week():
    wednesday = date(2025, 6, 11)
    rows = [DayUsage(date=wednesday - timedelta(days=i), event_count=1) for i in range(30)]
    series = usage.weekly_series(rows, wednesday, 3)
    assert [(w.start, w.end) for w in series] == [
        (date(2025, 5, 19), date(2025, 5, 25)),
        (date(2025, 5, 26), date(2025, 6, 1)),
        (date(2025, 6, 2), date(2025, 6, 8)),
    ]
    assert [w.event_count for w in series] == [7, 7, 7]


def test_it_counts_the_current_week_as_complete_on_its_sunday():
    series = usage.weekly_series([day(0, event_count=5)], AS_OF, 1)
    assert (series[0].start, series[0].end) == (date(2025, 6, 9), AS_OF)
    assert series[0].event_count == 5


def test_it_cuts_the_current_week_at_as_of_when_asked():
    wednesday = date(2025, 6, 11)
    rows = [DayUsage(date=wednesday, event_count=3), DayUsage(date=date(2025, 6, 12), event_count=9)]
    current = usage.weekly_series(rows, wednesday, 2, include_current=True)[-1]
    assert (current.start, current.end) == (date(2025, 6, 9), wednesday)
    assert current.event_count == 3


def test_it_builds_monthly_series_from_complete_calendar_months():
    rows = [DayUsage(date=date(2025, 1, 1) + timedelta(days=i), event_count=1) for i in range(200)]
    series = usage.monthly_series(rows, AS_OF, 3)
    assert [(w.start, w.end) for w in series] == [
        (date(2025, 3, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 5, 31)),
    ]
    assert [w.event_count for w in series] == [31, 30, 31]
    assert usage.monthly_series(rows, date(2025, 5, 31), 1)[0].start == date(2025, 5, 1)
    current = usage.monthly_series(rows, AS_OF, 2, include_current=True)
    assert (current[-1].start, current[-1].end, current[-1].event_count) == (
        date(2025, 6, 1), AS_OF, 15
    )


def test_it_crosses_year_ends_in_monthly_series():
    series = usage.monthly_series([], date(2025, 2, 10), 3)
    assert [w.start for w in series] == [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1)]


# --- product activity (crosssell.md catalogue "active =") -------------------------------------


@pytest.mark.parametrize(
    ("key", "counters"),
    [
        ("session_replay", {"recordings_captured": 1}),
        ("feature_flags", {"flag_requests": 1}),
        ("error_tracking", {"exceptions_captured": 1}),
        ("surveys", {"survey_responses": 1}),
        ("surveys", {"active_surveys": 1}),
        ("logs", {"log_lines": 1}),
        ("llm_observability", {"llm_events": 1}),
        ("posthog_ai", {"ai_conversations": 1}),
        ("data_warehouse", {"rows_synced": 1}),
        ("data_pipelines", {"batch_export_rows": 1}),
        ("data_pipelines", {"realtime_destination_events": 1}),
        ("workflows", {"active_workflows": 1}),
        ("web_analytics", {"web_analytics_dashboard_views": 1}),
        ("revenue_analytics", {"revenue_sources_connected": 1}),
        ("person_profiles", {"identified_events": 1}),
        ("marketing_analytics", {"ad_sources_connected": 1, "marketing_analytics_views": 2}),
        ("experiments", {"experiments_running": 1}),
    ],
)
def test_it_marks_a_product_active_by_its_catalogue_counters(key, counters):
    rows = [day(3, product_usage={key: counters})]
    assert usage.active_products(rows, AS_OF, ALL_KEYS) == {key}


def test_it_marks_product_analytics_active_from_the_event_count():
    assert usage.active_products([day(29, event_count=1)], AS_OF, ALL_KEYS) == {"product_analytics"}
    assert usage.active_products([day(30, event_count=1)], AS_OF, ALL_KEYS) == frozenset()


def test_it_needs_every_counter_of_an_all_rule():
    rows = [day(1, product_usage={"marketing_analytics": {"ad_sources_connected": 1}})]
    assert usage.active_products(rows, AS_OF, ALL_KEYS) == frozenset()


def test_it_looks_back_90_days_for_experiments_and_30_for_the_rest():
    launched = {"experiments": {"experiments_launched": 1}, "session_replay": {"recordings_captured": 1}}
    assert usage.active_products([day(89, product_usage=launched)], AS_OF, ALL_KEYS) == {"experiments"}
    assert usage.active_products([day(90, product_usage=launched)], AS_OF, ALL_KEYS) == frozenset()
    assert usage.active_products([day(29, product_usage=launched)], AS_OF, ALL_KEYS) == {
        "experiments", "session_replay"
    }
    assert usage.max_rule_days(["session_replay"]) == 30
    assert usage.max_rule_days(ALL_KEYS) == 90


def test_it_needs_a_paying_add_on_for_group_analytics():
    rows = [day(0, product_usage={"group_analytics": {"group_count": 3}})]
    assert usage.active_products(rows, AS_OF, ALL_KEYS) == frozenset()
    assert usage.active_products(rows, AS_OF, ALL_KEYS, frozenset({"group_analytics"})) == {
        "group_analytics"
    }


def test_it_never_marks_zero_counters_keys_without_rules_or_unasked_keys_active():
    rows = [day(0, event_count=5, product_usage={"session_replay": {"recordings_captured": 0,
                                                                   "recordings_analysed": 4}})]
    assert usage.active_products(rows, AS_OF, {"session_replay", "teams_addon"}) == frozenset()
    assert usage.active_products(rows, AS_OF, {"session_replay"}) == frozenset()


def test_it_names_every_rule_counter_in_the_products_counters():
    for key, rule in usage.ACTIVE_RULES.items():
        for name in rule.counters:
            assert name == usage.EVENT_COUNT or name in usage.PRODUCT_COUNTERS[key]
    for key, name in usage.LEVEL_COUNTERS:
        assert name in usage.PRODUCT_COUNTERS[key]


# --- product_usage validation --------------------------------------------------------------


def test_it_reports_each_product_usage_problem_with_its_flattened_field():
    known = frozenset({"session_replay", "feature_flags", "teams_addon"})
    problems = dict(usage.product_usage_problems(
        {
            "session_replay": {"recordings_captured": 3, "recordings": 1, "recordings_analysed": -1},
            "feature_flags": {"flag_requests": True},
            "nope": {"x": 1},
            "teams_addon": {"seats": 1},
        },
        known,
    ))
    assert set(problems) == {
        "product_usage.session_replay.recordings",
        "product_usage.session_replay.recordings_analysed",
        "product_usage.feature_flags.flag_requests",
        "product_usage.nope",
        "product_usage.teams_addon",
    }
    assert "unknown counter" in problems["product_usage.session_replay.recordings"]
    assert "negative" in problems["product_usage.session_replay.recordings_analysed"]
    assert "unknown product key" in problems["product_usage.nope"]
    assert usage.product_usage_problems([], known) == [
        ("product_usage", "must be an object of product key → counters.")
    ]
    assert usage.product_usage_problems({"session_replay": 3}, known)[0][0] == (
        "product_usage.session_replay"
    )
    assert usage.product_usage_problems({"session_replay": {"recordings_captured": 2}}, known) == []


# --- calendar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 15), 3, date(2025, 4, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_it_adds_calendar_months_clamped_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


# --- properties ----------------------------------------------------------------------------

offsets = st.lists(st.integers(min_value=-5, max_value=130), unique=True, max_size=60)
counts = st.integers(min_value=0, max_value=10_000)


@st.composite
def usage_rows(draw):
    return [
        day(offset, event_count=draw(counts),
            product_usage={"session_replay": {"recordings_captured": draw(counts)}})
        for offset in draw(offsets)
    ]


@settings(max_examples=150, deadline=None)
@given(rows=usage_rows(), days=st.integers(min_value=1, max_value=120))
def test_it_sums_exactly_the_rows_inside_the_window(rows, days):
    start = AS_OF - timedelta(days=days - 1)
    inside = [r for r in rows if start <= r.date <= AS_OF]
    window = usage.trailing(rows, AS_OF, days)
    assert window.event_count == sum(r.event_count for r in inside)
    assert window.counter("session_replay", "recordings_captured") == sum(
        r.counter("session_replay", "recordings_captured") for r in inside
    )
    assert window.days_with_data == len(inside)


@settings(max_examples=100, deadline=None)
@given(rows=usage_rows(), days=st.integers(min_value=1, max_value=40),
       count=st.integers(min_value=1, max_value=4))
def test_it_splits_a_long_window_into_back_to_back_windows_without_loss(rows, days, count):
    parts = usage.trailing_windows(rows, AS_OF, days, count)
    assert sum(p.event_count for p in parts) == usage.trailing(rows, AS_OF, days * count).event_count


@settings(max_examples=100, deadline=None)
@given(rows=usage_rows())
def test_it_calls_replay_active_exactly_when_a_recording_was_captured_in_30_days(rows):
    expected = any(
        0 <= (AS_OF - r.date).days <= 29 and r.counter("session_replay", "recordings_captured") > 0
        for r in rows
    )
    assert ("session_replay" in usage.active_products(rows, AS_OF, ALL_KEYS)) is expected


@settings(max_examples=100, deadline=None)
@given(rows=usage_rows(), as_of=st.dates(min_value=date(2025, 3, 1), max_value=date(2025, 8, 1)))
def test_it_covers_consecutive_weeks_and_months_without_gaps(rows, as_of):
    weeks = usage.weekly_series(rows, as_of, 6)
    months = usage.monthly_series(rows, as_of, 3)
    for series in (weeks, months):
        for older, newer in itertools.pairwise(series):
            assert newer.start == older.end + timedelta(days=1)
        assert series[-1].end <= as_of
    assert all(w.start.weekday() == 0 and w.end.weekday() == 6 for w in weeks)
    assert all(m.start.day == 1 for m in months)
