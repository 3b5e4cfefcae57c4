"""The book header against the caps (§1.5, B-1, B-8, B-9, D-8, D-9)."""

from decimal import Decimal

from accounts.engine.book import book_header


def header(**overrides):
    values = dict(role="tam", am_managed_count=12, am_managed_arr=Decimal("900000"), leads_count=3,
                  owned_count=12, owned_arr=Decimal("900000"), am_managed_on_quarter_start=12)
    values.update(overrides)
    return book_header(**values)


def rules(h) -> set[str]:
    return {w.rule for w in h.warnings}


def test_b1_a_book_of_10_to_15_is_on_target_without_warnings():
    for count in (10, 15):
        h = header(am_managed_count=count, am_managed_on_quarter_start=count)
        assert not h.off_target
        assert "B-1 QD-22" not in rules(h) and "B-1 D-9" not in rules(h)


def test_b1_d9_below_10_and_above_15_are_off_target_warnings():
    assert header(am_managed_count=9).off_target
    assert "B-1 D-9" in rules(header(am_managed_count=9))
    sixteen = header(am_managed_count=16)
    assert sixteen.off_target and "B-1 QD-22" in rules(sixteen)


def test_d8_starting_the_quarter_at_18_is_an_alert_until_back_to_15():
    h = header(am_managed_count=15, am_managed_on_quarter_start=18)
    assert h.over_quarter_start_max
    assert [w.level for w in h.warnings if w.rule == "B-1 D-8"] == ["alert"]
    assert not header(am_managed_on_quarter_start=15).over_quarter_start_max


def test_b8_the_hard_cap_counts_am_managed_and_leads_together():
    assert "B-8 QD-22" not in rules(header(am_managed_count=15, leads_count=9))
    at_cap = header(am_managed_count=15, leads_count=10)
    assert [w.level for w in at_cap.warnings if w.rule == "B-8 QD-22"] == ["warning"]
    over = header(am_managed_count=15, leads_count=11)
    assert [w.level for w in over.warnings if w.rule == "B-8 QD-22"] == ["alert"]


def test_b9_new_leads_stop_at_15_managed_or_1_5m_arr():
    assert not header(am_managed_count=14, am_managed_arr=Decimal("1499999.99")).stop_new_leads
    assert header(am_managed_count=15).stop_new_leads
    assert header(am_managed_count=11, am_managed_arr=Decimal("1500000")).stop_new_leads


def test_d9_a_csm_book_is_counted_against_30_and_1_5m_as_warnings():
    csm = header(role="csm", owned_count=31, owned_arr=Decimal("1500000.01"))
    assert [w.level for w in csm.warnings] == ["warning", "warning"]
    assert not csm.stop_new_leads and not csm.off_target
    assert header(role="csm", owned_count=30, owned_arr=Decimal("1500000")).warnings == ()
