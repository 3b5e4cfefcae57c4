"""CLS-2…CLS-5 with overrides O1-O4 and tie-breaks; the handbook's HX-1 examples."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from crosssell.engine import DEFAULT_POLICY, USE_CASES, BatchExport, Reference, Usage, classify, with_override
from tests.crosssell.helpers import facts, product

REF = Reference()


def run(f):
    return classify(f, REF, DEFAULT_POLICY)


def test_hx1_analytics_and_replay_live_in_product_intelligence():
    """HX-1: "only uses Product Analytics and Session Replay is living in the Product Intelligence"."""
    result = run(facts(products={"product_analytics": "900.00", "session_replay": "300.00"}))
    assert result.primary == "product_intelligence"
    assert result.use_cases["product_intelligence"].attributed_spend == Decimal("1200.00")


def test_hx1_heavy_flags_and_errors_live_in_release_engineering():
    """HX-1 / O1: "heavy on Feature Flags and Error Tracking is living in Release Engineering"."""
    result = run(facts(products={"feature_flags": "600.00", "error_tracking": "500.00", "product_analytics": "900.00"}))
    assert result.overrides_applied == ("O1",)
    assert result.primary == "release_engineering"
    assert not result.use_cases["observability"].live  # OBS live only with logs under O1


def test_hx1_batch_exports_to_snowflake_live_in_data_infrastructure():
    """HX-1 / O4: "sending all their data to Snowflake via Batch Exports"."""
    result = run(facts(
        products={"data_pipelines": "800.00", "product_analytics": "500.00"},
        usage=Usage(batch_exports=(BatchExport("snowflake", "events", True),)),
    ))
    assert "O4" in result.overrides_applied and result.primary == "data_infrastructure"


def test_o1_is_strictly_above_200():
    """D-8: $200.00 is not heavy; $200.01 is."""
    at = run(facts(products={"feature_flags": "200.00", "error_tracking": "500.00"}))
    above = run(facts(products={"feature_flags": "200.01", "error_tracking": "200.01"}))
    assert "O1" not in at.overrides_applied and at.use_cases["observability"].live
    assert "O1" in above.overrides_applied
    assert above.use_cases["release_engineering"].attributed_spend == Decimal("400.02")


def test_o1_keeps_observability_live_with_logs():
    result = run(facts(products={"feature_flags": "300.00", "error_tracking": "300.00", "logs": "10.00"}))
    assert result.use_cases["observability"].live


def test_o2_support_members_at_least_product_members_move_replay_spend_to_cx():
    """O2: support_cs ≥ 1 and ≥ product members (all members, inactive included)."""
    base = {"products": {"session_replay": "400.00", "product_analytics": "100.00"}}
    equal = run(facts(**base, people=[("support_cs", 1, False), ("product", 1)]))
    fewer = run(facts(**base, people=[("support_cs", 1), ("product", 2)]))
    assert "O2" in equal.overrides_applied and equal.primary == "customer_experience"
    assert equal.use_cases["customer_experience"].attributed_spend == Decimal("500.00")
    assert "O2" not in fewer.overrides_applied and fewer.primary == "product_intelligence"
    assert fewer.use_cases["customer_experience"].live  # CLS-3: replay + a support member


def test_o3_half_the_flags_by_marketing_moves_flag_spend_to_growth():
    """O3: ≥ 50 % of the 90-day flags by marketing_growth; GM becomes live (contracts.md)."""
    half = run(facts(products={"feature_flags": "300.00"},
                     usage=Usage(flags_created_90d=2, flags_created_by_family_90d={"marketing_growth": 1})))
    third = run(facts(products={"feature_flags": "300.00"},
                      usage=Usage(flags_created_90d=3, flags_created_by_family_90d={"marketing_growth": 1})))
    assert "O3" in half.overrides_applied and half.primary == "growth_marketing"
    assert half.use_cases["release_engineering"].live  # RE stays live per CLS-3
    assert "O3" not in third.overrides_applied and third.primary == "release_engineering"


def test_o4_needs_a_running_events_export_to_a_warehouse_and_something_to_compare():
    """O4 (contracts.md): the tests hold trivially at zero, so spend > 0 or ≥ 1 data member."""
    def o4(export, **kw):
        return "O4" in run(facts(usage=Usage(batch_exports=(export,)), **kw)).overrides_applied

    good = BatchExport("bigquery", "events", True)
    assert not o4(good)  # nothing to compare
    assert o4(good, people=[("data", 1)])
    assert o4(good, products={"data_pipelines": "10.00"})
    assert not o4(good, products={"data_pipelines": "10.00", "product_analytics": "10.01"})
    assert not o4(BatchExport("bigquery", "persons", True), people=[("data", 1)])
    assert not o4(BatchExport("bigquery", "events", False), people=[("data", 1)])
    assert not o4(BatchExport("http", "events", True), people=[("data", 1)])
    assert not o4(good, people=[("data", 1), ("engineering", 2)])


def test_cls4_tie_on_spend_goes_by_display_order():
    result = run(facts(products={"feature_flags": "100.00", "product_analytics": "100.00"}))
    assert result.primary == "product_intelligence"


def test_cls4_all_zero_spend_counts_active_products():
    result = run(facts(products={"feature_flags": "0.00", "experiments": "0.00", "product_analytics": "0.00"}))
    assert result.primary == "release_engineering"  # 2 active attributed products vs 1


def test_cls4_no_live_use_case_is_unclassified():
    result = run(facts(products={"posthog_ai": "500.00"}))
    assert result.primary is None and result.secondary == ()


def test_cls5_secondary_needs_spend_or_two_core_buyer_active_members():
    """CLS-5: 1 vs 2 active engineers make Release Engineering secondary; inactive never."""
    products = {"product_analytics": "500.00", "feature_flags": "0.00"}
    one = run(facts(products=products, people=[("engineering", 1), ("engineering", 5, False)]))
    two = run(facts(products=products, people=[("engineering", 2)]))
    assert one.secondary == () and two.secondary == ("release_engineering",)
    assert two.use_cases["release_engineering"].rank == 2


def test_cls5_orders_by_spend_then_members_then_display_order():
    result = run(facts(
        products={"product_analytics": "900.00", "feature_flags": "0.00", "error_tracking": "0.00", "web_analytics": "50.00"},
        people=[("engineering", 3), ("marketing_growth", 2)],
    ))
    assert result.secondary == ("growth_marketing", "release_engineering", "observability")


def test_cls1_override_wins_and_the_computed_result_stays():
    computed = run(facts(products={"product_analytics": "500.00"}))
    overridden = with_override(computed, "growth_marketing", "Marketing runs PostHog")
    assert overridden.primary == "growth_marketing"
    assert overridden.use_cases["product_intelligence"].status == "secondary"
    assert computed.primary == "product_intelligence"


def test_cls1_override_needs_a_reason():
    import pytest

    with pytest.raises(ValueError, match="reason"):
        with_override(run(facts()), "growth_marketing", "  ")


KEYS = ["product_analytics", "session_replay", "feature_flags", "experiments", "error_tracking", "logs",
        "web_analytics", "llm_observability", "data_warehouse", "surveys", "posthog_ai", "group_analytics"]


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), st.tuples(st.integers(0, 2000), st.booleans()), max_size=8),
       st.lists(st.tuples(st.sampled_from(["engineering", "product", "support_cs", "data", "marketing_growth"]),
                          st.integers(1, 4), st.booleans()), max_size=4))
def test_property_primary_is_live_and_every_use_case_is_reported(spend, people):
    f = facts(products={k: product(f"{v}.00", a) for k, (v, a) in spend.items()}, people=people)
    result = run(f)
    assert set(result.use_cases) == set(USE_CASES)
    if result.primary is not None:
        assert result.use_cases[result.primary].live
    assert all(result.use_cases[uc].live for uc in result.secondary)
    attributed = sum((r.attributed_spend for r in result.use_cases.values()), Decimal("0"))
    expected = sum((f.spend(k) for k in f.products if k in result.attribution), Decimal("0"))
    assert attributed == expected
