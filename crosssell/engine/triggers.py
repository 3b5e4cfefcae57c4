"""The Vitally alerts VIT-1…VIT-5 (D-2…D-6) and the `ai_signal` fact, on one day's facts.

Episodes (J-3) are the pipeline's: this module only says which conditions hold on `as_of`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .facts import B2B_MODELS, AccountFactsInput
from .policy import Policy


@dataclass(frozen=True)
class TriggerDefinition:
    key: str
    rule: str
    name: str  # the Vitally alert's name, verbatim
    text: str  # its description, verbatim (seed 001, "Identifying cross-sell opportunities")
    recommends: str  # product key


DEFINITIONS: Mapping[str, TriggerDefinition] = {
    d.key: d
    for d in (
        TriggerDefinition(
            "ff_opp_high_engineer_pct",
            "VIT-1",
            "FF Opp (High Engineer %)",
            "Triggers when a company has a high % of engineers but isn't using feature flags",
            "feature_flags",
        ),
        TriggerDefinition(
            "replay_upsell_opp",
            "VIT-2",
            "Replay Upsell Opp",
            "Triggers for companies with customer success, sales, product, or customer service "
            "roles as PostHog users but no session replay usage",
            "session_replay",
        ),
        TriggerDefinition(
            "ff_opp_no_experiments",
            "VIT-3",
            "FF Opp (No Experiments)",
            "Triggers for companies who have users in product, marketing, leadership, or "
            "engineering roles haven't viewed any experiments",
            "experiments",
        ),
        TriggerDefinition(
            "b2b_group_analytics_opp",
            "VIT-4",
            "B2B Group Analytics Opp",
            "Triggers when group count is 0, group analytics plan is null, and the company type is B2B",
            "group_analytics",
        ),
        TriggerDefinition(
            "web_analytics_opp_marketing",
            "VIT-5",
            "Web Analytics Opp (Marketing)",
            "Triggers when companies with marketing roles, >50 employees, and no visits to the "
            "web analytics page are identified",
            "web_analytics",
        ),
    )
}

VIT2_FAMILIES = frozenset({"support_cs", "sales", "product"})
VIT3_FAMILIES = frozenset({"product", "marketing_growth", "leadership", "engineering"})
AI_TAGS = frozenset({"ai", "llm", "ml"})


def ai_signal(facts: AccountFactsInput) -> bool:
    """Entities `ai_signal`: llm_observability active, an AI/LLM/ML company tag, or an LLM-ish
    custom event name (all case-insensitive)."""
    if facts.active("llm_observability"):
        return True
    if any(tag.strip().lower() in AI_TAGS for tag in facts.company_tags):
        return True
    for name in facts.usage.custom_event_names:
        lowered = name.lower()
        if lowered.startswith(("llm_", "ai_")) or "generation" in lowered or "completion" in lowered:
            return True
    return False


def vit1_high_engineer_pct(facts: AccountFactsInput, policy: Policy) -> bool:
    """VIT-1 / D-2: engineering ≥ 50 % of active people and ≥ 2 engineers, no flags in use."""
    engineers = facts.members_in("engineering", active_only=True)
    people = facts.active_people
    return (
        people > 0
        and Decimal(engineers) * 100 >= policy.vit1_engineer_share_pct * people
        and engineers >= policy.vit1_min_engineers
        and not facts.active("feature_flags")
        and facts.usage.active_flags == 0
    )


def vit2_replay_upsell(facts: AccountFactsInput, policy: Policy) -> bool:
    """VIT-2 / D-3: a customer-facing or product active member, nothing captured or analysed."""
    return (
        facts.members_in_any(VIT2_FAMILIES, active_only=True) >= 1
        and not facts.active("session_replay")
        and facts.usage.recordings_analysed_30d == 0
    )


def vit3_no_experiments(facts: AccountFactsInput, policy: Policy) -> bool:
    """VIT-3 / D-4: an active product/marketing/leadership/engineering member, no experiment
    views in 90 days."""
    return (
        facts.members_in_any(VIT3_FAMILIES, active_only=True) >= 1
        and facts.usage.experiment_page_views_90d == 0
    )


def vit4_b2b_group_analytics(facts: AccountFactsInput, policy: Policy) -> bool:
    """VIT-4 / D-6: group count 0, no group-analytics line, B2B (or mixed); null never fires."""
    return (
        facts.usage.group_count == 0
        and facts.usage.group_analytics_plan is None
        and facts.business_model in B2B_MODELS
    )


def vit5_web_analytics_marketing(facts: AccountFactsInput, policy: Policy) -> bool:
    """VIT-5 / D-5: any marketing member, employees strictly > 50 (null never), no web
    analytics page views in 90 days."""
    return (
        facts.members_in("marketing_growth") >= 1
        and facts.employee_count is not None
        and facts.employee_count > policy.vit5_min_employees
        and facts.usage.web_analytics_page_views_90d == 0
    )


CONDITIONS = {
    "ff_opp_high_engineer_pct": vit1_high_engineer_pct,
    "replay_upsell_opp": vit2_replay_upsell,
    "ff_opp_no_experiments": vit3_no_experiments,
    "b2b_group_analytics_opp": vit4_b2b_group_analytics,
    "web_analytics_opp_marketing": vit5_web_analytics_marketing,
}


def fired_triggers(facts: AccountFactsInput, policy: Policy) -> tuple[str, ...]:
    """The enabled VIT keys whose condition holds on `as_of`, in VIT order."""
    return tuple(
        key
        for key, condition in CONDITIONS.items()
        if policy.trigger_enabled(key) and condition(facts, policy)
    )
