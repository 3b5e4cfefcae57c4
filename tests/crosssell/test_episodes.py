"""J-3 / D-22 episodes and the card lifecycle (NEXT-4, D-43), on plain rows."""

from dataclasses import dataclass
from datetime import date, timedelta

from crosssell.pipeline.episodes import episode_changes, expired, lifecycle_status

DAY = date(2025, 6, 16)


@dataclass
class Episode:
    pk: int
    trigger_key: str
    subject: str
    started_on: date
    last_true_on: date


@dataclass
class Rec:
    status: str
    snoozed_until: date | None = None
    dismissed_on: date | None = None
    dismissed_trigger_keys: tuple = ()
    last_candidate_on: date = DAY


def test_j3_true_with_no_open_episode_opens_one():
    changes = episode_changes(["replay_upsell_opp"], [], DAY, 14, {})
    assert [(k, s) for k, s, _ in changes.opened] == [("replay_upsell_opp", "session_replay")]


def test_j3_still_true_only_moves_last_true_on():
    open_one = Episode(1, "replay_upsell_opp", "session_replay", DAY - timedelta(days=5), DAY - timedelta(days=1))
    changes = episode_changes(["replay_upsell_opp"], [open_one], DAY, 14, {})
    assert changes.opened == [] and changes.touched == [1]
    again = Episode(1, "replay_upsell_opp", "session_replay", DAY - timedelta(days=5), DAY)
    assert episode_changes(["replay_upsell_opp"], [again], DAY, 14, {}).touched == []  # rerun: no write


def test_d22_false_13_days_stays_open_14_days_ends_it():
    episode = Episode(1, "replay_upsell_opp", "session_replay", DAY - timedelta(days=40), DAY - timedelta(days=13))
    assert episode_changes([], [episode], DAY, 14, {}).ended == []
    episode.last_true_on = DAY - timedelta(days=14)
    assert episode_changes([], [episode], DAY, 14, {}).ended == [1]


def test_snoozed_until_its_date_then_recomputed():
    assert lifecycle_status(Rec("snoozed", snoozed_until=DAY + timedelta(days=1)), "open", [], DAY, 90) == "snoozed"
    assert lifecycle_status(Rec("snoozed", snoozed_until=DAY), "suppressed", [], DAY, 90) == "suppressed"


def test_d22_dismissed_for_90_days_unless_a_new_trigger_joins():
    rec = Rec("dismissed", dismissed_on=DAY - timedelta(days=89), dismissed_trigger_keys=("replay_upsell_opp",))
    assert lifecycle_status(rec, "open", ["replay_upsell_opp"], DAY, 90) == "dismissed"
    assert lifecycle_status(rec, "open", ["replay_upsell_opp", "b2b_group_analytics_opp"], DAY, 90) == "open"
    rec.dismissed_on = DAY - timedelta(days=90)
    assert lifecycle_status(rec, "open", ["replay_upsell_opp"], DAY, 90) == "open"


def test_d43_a_card_expires_when_adopted_or_after_14_days_unbacked():
    assert expired(Rec("open"), DAY, 14, adopted=True, backed=False)
    stale = Rec("open", last_candidate_on=DAY - timedelta(days=14))
    assert expired(stale, DAY, 14, adopted=False, backed=False)
    assert not expired(stale, DAY, 14, adopted=False, backed=True)
    assert not expired(Rec("open", last_candidate_on=DAY - timedelta(days=13)), DAY, 14, adopted=False, backed=False)
    assert not expired(Rec("dismissed"), DAY, 14, adopted=True, backed=False)
