"""NEXT-2 (depth before breadth), NEXT-4 tiers, NEXT-6, TIM-1/D-23 why-now, TIM-4 status,
PH-1 phases; and the property: a card never names an adopted or roadmap product."""

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from crosssell.engine import (
    DEFAULT_CATALOGUE,
    BatchExport,
    Reference,
    SignalEvent,
    Usage,
    compute_phase,
    evaluate,
)
from tests.crosssell.helpers import facts, product

ANNUAL = dict(billing_type="annual", contract_start=date(2025, 1, 15))  # month 6 on 2025-06-16: prime


def test_next2_the_first_step_not_adopted_even_when_a_later_one_is():
    """NEXT-2: PI path with surveys adopted but replay not → replay is next (depth first)."""
    ev = evaluate(facts(products={"product_analytics": "100.00", "surveys": "10.00"}, **ANNUAL))
    states = [s.state for s in ev.path]
    assert states == ["adopted", "next", "adopted", "not_adopted", "not_adopted"]
    assert ev.next_product.product == "session_replay"
    assert ev.cards[0].product == "session_replay" and ev.cards[0].tier == 1


def test_d23_no_why_now_no_card_but_the_stepper_shows_next():
    ev = evaluate(facts(products={"product_analytics": "100.00"}))  # monthly, nobody → no trigger
    assert ev.next_product.product == "session_replay"
    assert ev.cards == ()


def test_a_window_prime_alone_is_a_why_now():
    ev = evaluate(facts(products={"product_analytics": "100.00"}, **ANNUAL))
    assert [c.product for c in ev.cards] == ["session_replay"]
    assert list(ev.cards[0].why_now) == ["window_prime"]


def test_next6_replay_prohibited_is_not_applicable_and_never_a_card():
    f = facts(products={"product_analytics": "100.00"}, people=[("sales", 1)], replay_prohibited=True, **ANNUAL)
    ev = evaluate(f)
    assert ev.path[1].state == "not_applicable" and "prohibits" in ev.path[1].reason
    assert "replay_upsell_opp" in ev.triggers
    assert all(c.product != "session_replay" for c in ev.cards)
    assert ev.next_product.product == "surveys"


def test_next6_llm_steps_need_an_ai_signal_and_d18_picks_logs_otherwise():
    cx = dict(products={"product_analytics": "10.00", "session_replay": "500.00", "error_tracking": "1.00"},
              people=[("support_cs", 2)])
    plain = evaluate(facts(**cx))
    ai = evaluate(facts(**cx, company_tags=("AI",)))
    assert plain.classification.primary == "customer_experience"
    assert plain.path[3].product == "logs" and ai.path[3].product == "llm_observability"


def test_tier2_a_triggered_later_step_tier3_a_secondary_next_step_tier4_another_use_case():
    f = facts(
        products={"product_analytics": "900.00", "feature_flags": "300.00"},
        people=[("product", 1), ("marketing_growth", 1, False)],
        employee_count=200, **ANNUAL,
    )
    ev = evaluate(f)
    tiers = {c.product: (c.tier, c.use_case) for c in ev.cards}
    assert tiers["session_replay"] == (1, "product_intelligence")
    assert tiers["experiments"] == (2, "product_intelligence")  # VIT-3 on the primary path
    # VIT-5's web_analytics: its matrix use case (GM only) is not the primary → tier 4.
    assert tiers["web_analytics"] == (4, "growth_marketing")
    assert ev.classification.secondary == ("release_engineering",)  # its next step is experiments
    assert [c.tier for c in ev.cards] == sorted(c.tier for c in ev.cards)


def test_unclassified_accounts_still_get_trigger_cards():
    """contracts.md: VIT-4's group analytics is tier 3 (an add-on) with no primary."""
    ev = evaluate(facts(business_model="B2B", **ANNUAL))
    assert ev.classification.primary is None
    card = {c.product: c for c in ev.cards}["group_analytics"]
    assert (card.tier, card.motion, card.use_case) == (3, "upsell", "product_intelligence")


def test_a_suppressed_card_explains_itself_and_reopens_when_the_reason_clears():
    base = facts(products={"product_analytics": "100.00"}, people=[("sales", 1)],
                 events=(SignalEvent("price_complaint", date(2025, 6, 1)),))
    paused = evaluate(base).cards[0]
    assert paused.status == "suppressed"
    assert paused.why_not_now["price_complaint"].reopens_on == date(2025, 8, 30)
    cleared = evaluate(replace(base, events=(SignalEvent("price_complaint", date(2025, 6, 1), cleared=True),)))
    assert cleared.cards[0].status == "open" and not cleared.cards[0].why_not_now


def test_next1_open_items_suppress_every_card_and_make_a_tier_0_task():
    ev = evaluate(facts(products={"product_analytics": "100.00"}, people=[("sales", 1)],
                        open_implementation_items=("no_reverse_proxy",)))
    assert all("implementation_needs_attention" in c.why_not_now for c in ev.cards)
    task = ev.tasks[0]
    assert task.tier == 0 and task.trigger_key == "implementation_health_check" and task.status == "open"


def test_tim3_reinforce_value_task_for_products_adopted_this_contract_year():
    f = facts(as_of=date(2025, 8, 20), billing_type="annual", contract_start=date(2025, 1, 15),
              products={"product_analytics": product("100.00", first_used_at=date(2024, 5, 1)),
                        "surveys": product("10.00", first_used_at=date(2025, 3, 1))})
    ev = evaluate(f)
    assert ev.window.name == "reinforce"
    assert [t.subject for t in ev.tasks if t.trigger_key == "reinforce_value"] == ["surveys"]


def test_data_infrastructure_feature_step_is_adopted_by_a_running_export():
    ev = evaluate(facts(products={"data_warehouse": "300.00"}, **ANNUAL,
                        usage=Usage(batch_exports=(BatchExport("s3", "persons", True),))))
    assert ev.classification.primary == "data_infrastructure"
    assert [s.state for s in ev.path] == ["adopted", "next", "adopted"]


def test_ph1_depth_needs_30_days_since_paid_start():
    """PH-1 / D-44: day 29 stays trojan_hog, day 30 is depth; phases never regress."""
    f = facts(products={"product_analytics": "100.00"})
    day29 = compute_phase(f, primary="product_intelligence", live_use_cases=1, first=None, days_since_paid_start=29)
    day30 = compute_phase(f, primary="product_intelligence", live_use_cases=1, first=None, days_since_paid_start=30)
    assert (day29.phase, day30.phase) == ("trojan_hog", "depth")
    kept = compute_phase(f, primary=None, live_use_cases=0, first=None, days_since_paid_start=None, previous="breadth")
    assert kept.phase == "breadth"
    items = replace(f, open_implementation_items=("no_reverse_proxy",))
    assert compute_phase(items, primary="product_intelligence", live_use_cases=1, first=None, days_since_paid_start=90).phase == "trojan_hog"


def test_ph1_platform_needs_two_active_teams_and_two_live_use_cases():
    f = facts(people=[("product", 2), ("engineering", 2)])
    assert compute_phase(f, primary="product_intelligence", live_use_cases=2, first="product", days_since_paid_start=90).phase == "platform"
    assert compute_phase(facts(people=[("product", 2), ("engineering", 1)]), primary="product_intelligence",
                         live_use_cases=2, first="product", days_since_paid_start=90).phase == "breadth"


def test_a_roadmap_product_never_becomes_a_card():
    catalogue = dict(DEFAULT_CATALOGUE)
    catalogue["session_replay"] = replace(catalogue["session_replay"], maturity="roadmap")
    ev = evaluate(facts(products={"product_analytics": "100.00"}, people=[("sales", 1)], **ANNUAL),
                  reference=Reference(catalogue=catalogue))
    assert all(c.product != "session_replay" for c in ev.cards)


KEYS = sorted(DEFAULT_CATALOGUE)


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(st.sampled_from(KEYS), st.tuples(st.integers(0, 900), st.booleans()), max_size=10),
    st.lists(st.tuples(st.sampled_from(["engineering", "product", "support_cs", "sales", "marketing_growth",
                                        "leadership", "data", "ai_ml"]), st.integers(1, 3), st.booleans()), max_size=5),
    st.sampled_from([None, "B2B", "B2C", "B2B and B2C"]),
    st.booleans(), st.booleans(),
    st.integers(0, 40),
)
def test_property_a_card_never_names_an_adopted_product_and_always_has_a_why_now(
    spend, people, model, annual, prohibited, months
):
    start = date(2023, 1, 15)
    kwargs = dict(billing_type="annual", contract_start=start, contract_end=date(2027, 1, 14)) if annual else {}
    as_of = date(2023, 2, 1) if months == 0 else date(2023 + months // 12, months % 12 + 1, 16)
    f = facts(as_of=as_of, products={k: product(f"{v}.00", a) for k, (v, a) in spend.items()}, people=people,
              business_model=model, employee_count=100, replay_prohibited=prohibited, **kwargs)
    ev = evaluate(f)
    for card in ev.cards:
        assert card.feature is not None or not f.active(card.product)
        assert card.why_now
        assert DEFAULT_CATALOGUE[card.product].maturity != "roadmap"
        assert not (prohibited and card.product == "session_replay")
        assert (card.status == "open") == (not card.why_not_now)
        assert 1 <= card.tier <= 4


def test_tim3_the_card_is_suppressed_the_day_before_month_3_and_opens_on_it():
    """TIM-3 / D-11 at the card: 2025-03-14 is month 2 («pure adoption focus», re-opens on
    2025-03-15); on 2025-03-15 the card opens with why-now window_prime (beside VIT-2's)."""
    start = date(2025, 1, 15)
    base = dict(products={"product_analytics": "100.00"}, billing_type="annual", contract_start=start,
                people=[("sales", 1)])
    before = evaluate(facts(as_of=date(2025, 3, 14), **base)).cards[0]
    assert before.status == "suppressed"
    reason = before.why_not_now["annual_months_1_2"]
    assert reason.label == "Contract month 2 of 12 — pure adoption focus"
    assert reason.reopens_on == date(2025, 3, 15)
    on = evaluate(facts(as_of=date(2025, 3, 15), **base)).cards[0]
    assert on.status == "open" and "window_prime" in on.why_now


def test_pause7_the_card_stays_suppressed_until_a_new_champion_is_flagged():
    """PAUSE-7 at the card: the champion left → suppressed («a new champion is flagged»);
    another active champion → open again (TIM-4)."""
    from crosssell.engine.facts import Champion

    left = Champion("Ana", "left", date(2025, 5, 2))
    base = facts(products={"product_analytics": "100.00"}, people=[("sales", 1)], champions=(left,))
    card = evaluate(base).cards[0]
    assert card.status == "suppressed"
    assert card.why_not_now["champion_left"].reopens_when == "a new champion is flagged"
    replaced = evaluate(replace(base, champions=(left, Champion("Bo", "active")))).cards[0]
    assert replaced.status == "open" and not replaced.why_not_now


def test_vit1_the_feature_flags_card_appears_at_two_engineers_and_50_percent_not_below():
    """VIT-1 / D-2 at the card: 2 engineers of 4 active members → a feature_flags card with
    the trigger as why-now; 1 engineer of 2, or 2 of 5 (40 %), → no VIT-1 card."""

    def ff_card(people):
        ev = evaluate(facts(products={"product_analytics": "100.00"}, people=people))
        return next((c for c in ev.cards if c.product == "feature_flags"), None)

    card = ff_card([("engineering", 2), ("product", 2)])
    assert card is not None and "ff_opp_high_engineer_pct" in card.why_now
    for people in ([("engineering", 1), ("product", 1)], [("engineering", 2), ("product", 3)]):
        card = ff_card(people)
        assert card is None or "ff_opp_high_engineer_pct" not in card.why_now
