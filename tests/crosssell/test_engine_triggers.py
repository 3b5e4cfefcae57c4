"""VIT-1…VIT-5 exactly, at their boundaries (D-2…D-6), and `ai_signal`."""

from crosssell.engine import DEFAULT_POLICY, Usage, ai_signal, fired_triggers
from crosssell.engine.policy import Policy
from tests.crosssell.helpers import facts


def fired(f, policy=DEFAULT_POLICY):
    return fired_triggers(f, policy)


def test_vit1_49_9_percent_engineers_does_not_fire_50_percent_does():
    """VIT-1 / D-2: engineering active members / active members ≥ 50 %."""
    below = facts(people=[("engineering", 499), ("product", 501)], usage=Usage(experiment_page_views_90d=1))
    at = facts(people=[("engineering", 500), ("product", 500)], usage=Usage(experiment_page_views_90d=1))
    assert "ff_opp_high_engineer_pct" not in fired(below)
    assert "ff_opp_high_engineer_pct" in fired(at)


def test_vit1_needs_two_engineers_not_one():
    assert "ff_opp_high_engineer_pct" not in fired(facts(people=[("engineering", 1)]))
    assert "ff_opp_high_engineer_pct" in fired(facts(people=[("engineering", 2)]))


def test_vit1_counts_each_person_once_whatever_their_families():
    """contracts.md: two engineer-leaders and two PMs are 50 %."""
    f = facts(people=[(("engineering", "leadership"), 2), ("product", 2)])
    assert "ff_opp_high_engineer_pct" in fired(f)


def test_vit1_never_fires_with_flags_in_use():
    assert "ff_opp_high_engineer_pct" not in fired(facts(people=[("engineering", 3)], products={"feature_flags": "0.00"}))
    assert "ff_opp_high_engineer_pct" not in fired(facts(people=[("engineering", 3)], usage=Usage(active_flags=1)))


def test_inactive_members_never_fire_vit1_to_3():
    f = facts(people=[("engineering", 5, False), ("product", 3, False)])
    assert fired(f) == ()


def test_vit2_customer_facing_member_and_no_replay_usage():
    """VIT-2 / D-3: nothing captured and nothing analysed in 30 days."""
    assert "replay_upsell_opp" in fired(facts(people=[("sales", 1)]))
    assert "replay_upsell_opp" not in fired(facts(people=[("sales", 1)], usage=Usage(recordings_analysed_30d=1)))
    assert "replay_upsell_opp" not in fired(facts(people=[("sales", 1)], products={"session_replay": "0.00"}))
    assert "replay_upsell_opp" not in fired(facts(people=[("engineering", 1)]))


def test_vit3_no_experiment_views_in_90_days():
    assert "ff_opp_no_experiments" in fired(facts(people=[("leadership", 1)]))
    assert "ff_opp_no_experiments" not in fired(facts(people=[("leadership", 1)], usage=Usage(experiment_page_views_90d=1)))
    assert "ff_opp_no_experiments" not in fired(facts(people=[("support_cs", 1)]))


def test_vit4_b2b_without_groups_or_a_plan():
    """VIT-4 / D-6: B2B or B2B and B2C; null never fires; a plan line stops it."""
    assert "b2b_group_analytics_opp" in fired(facts(business_model="B2B"))
    assert "b2b_group_analytics_opp" in fired(facts(business_model="B2B and B2C"))
    assert "b2b_group_analytics_opp" not in fired(facts(business_model="B2C"))
    assert "b2b_group_analytics_opp" not in fired(facts(business_model=None))
    assert "b2b_group_analytics_opp" not in fired(facts(business_model="B2B", usage=Usage(group_count=1)))
    assert "b2b_group_analytics_opp" not in fired(facts(business_model="B2B", usage=Usage(group_analytics_plan="active")))


def test_vit5_50_employees_does_not_fire_51_does():
    """VIT-5 / D-5: ">50" strict; any marketing member, active or not; null never."""
    people = [("marketing_growth", 1, False)]
    assert "web_analytics_opp_marketing" not in fired(facts(people=people, employee_count=50))
    assert "web_analytics_opp_marketing" in fired(facts(people=people, employee_count=51))
    assert "web_analytics_opp_marketing" not in fired(facts(people=people, employee_count=None))
    assert "web_analytics_opp_marketing" not in fired(
        facts(people=people, employee_count=51, usage=Usage(web_analytics_page_views_90d=1))
    )


def test_a_disabled_trigger_never_fires():
    policy = Policy(enabled_triggers=("replay_upsell_opp",))
    assert fired(facts(people=[("engineering", 2)], business_model="B2B"), policy) == ()


def test_ai_signal_from_tags_events_or_llm_observability():
    assert ai_signal(facts(company_tags=("fintech", " ml ")))
    assert ai_signal(facts(usage=Usage(custom_event_names=("LLM_generation",))))
    assert ai_signal(facts(usage=Usage(custom_event_names=("chat_completion_sent",))))
    assert ai_signal(facts(products={"llm_observability": "0.00"}))
    assert not ai_signal(facts(company_tags=("mlops",), usage=Usage(custom_event_names=("signup",))))
