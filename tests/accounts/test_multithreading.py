"""Multithreading status (accounts.md §1.3): an inbound message in the last 90 days with each of
the technical stakeholder, the economic buyer and an end or power user."""

from datetime import date, timedelta

from accounts.engine.multithreading import ContactThread, multithreading

TODAY = date(2026, 11, 18)


def thread(*roles, days_ago=None, active=True):
    inbound = TODAY - timedelta(days=days_ago) if days_ago is not None else None
    return ContactThread(frozenset(roles), inbound, active)


def test_all_three_threads_within_90_days_is_complete():
    status = multithreading([thread("technical_stakeholder", days_ago=3), thread("economic_buyer", days_ago=89),
                             thread("power_user", days_ago=0)], TODAY)
    assert status.complete and status.summary == "3 of 3 threads"


def test_the_90_day_window_edge_and_no_inbound():
    status = multithreading([thread("technical_stakeholder", days_ago=90), thread("economic_buyer"),
                             thread("end_user", days_ago=10)], TODAY)
    assert [g.threaded for g in status.groups] == [False, False, True]
    assert status.summary == "1 of 3 threads"


def test_a_contact_who_left_holds_no_thread_and_one_contact_can_hold_several():
    status = multithreading([thread("technical_stakeholder", "economic_buyer", "power_user", days_ago=1),
                             thread("end_user", days_ago=1, active=False)], TODAY)
    assert status.complete
    assert not multithreading([thread("end_user", days_ago=1, active=False)], TODAY).groups[2].threaded
