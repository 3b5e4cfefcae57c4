"""Use-case classification: attribution with overrides O1-O4, live, primary, secondary
(CLS-2…CLS-5, D-7…D-9; contracts.md crosssell preview, "Classification")."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .catalogue import (
    AI,
    CORE_BUYER_FAMILY,
    CX,
    DI,
    FAMILIES,
    GM,
    OBS,
    PI,
    RE,
    USE_CASE_NAMES,
    USE_CASES,
    Reference,
)
from .facts import FEED_WAREHOUSE, O4_WAREHOUSES, ZERO, AccountFactsInput
from .policy import Policy

O2_PRODUCTS = ("product_analytics", "session_replay", "surveys", "group_analytics", "person_profiles")
GM_REALTIME_TYPES = frozenset({"ad_platform", "crm"})


@dataclass(frozen=True)
class UseCaseResult:
    key: str
    live: bool
    attributed_spend: Decimal
    active_products: int
    core_buyer_active_members: int
    status: str = "none"  # primary | secondary | none (`relevant` waits for UC-5)
    rank: int | None = None


@dataclass(frozen=True)
class Classification:
    primary: str | None
    secondary: tuple[str, ...]
    overrides_applied: tuple[str, ...]
    use_cases: Mapping[str, UseCaseResult]
    attribution: Mapping[str, str]  # product key → use case its spend goes to, after O1-O3
    notes: tuple[str, ...]

    def is_live(self, use_case: str) -> bool:
        return self.use_cases[use_case].live


def _money(amount: Decimal) -> str:
    return f"${amount:.2f}"


def attribution_map(
    facts: AccountFactsInput, ref: Reference, policy: Policy
) -> tuple[dict[str, str], list[str], list[str]]:
    """CLS-2: product → use case, and the overrides O1-O3 that moved spend (with their notes)."""
    attribution: dict[str, str] = {}
    for key, entry in ref.catalogue.items():
        source = ref.entry(entry.attribution_follows) if entry.attribution_follows else entry
        if source.attribution_use_case in USE_CASES:
            attribution[key] = source.attribution_use_case
    applied: list[str] = []
    notes: list[str] = []
    ff, et = facts.spend("feature_flags"), facts.spend("error_tracking")
    if ff > policy.heavy_spend and et > policy.heavy_spend:  # O1, D-8 strict
        attribution["error_tracking"] = RE
        applied.append("O1")
        notes.append(
            f"O1: feature_flags {_money(ff)} and error_tracking {_money(et)} are both above "
            f"{_money(policy.heavy_spend)}: error_tracking spend goes to Release Engineering; "
            "Observability is live only with logs."
        )
    support = facts.members_in("support_cs")
    if facts.active("session_replay") and support >= 1 and support >= facts.members_in("product"):
        for key in O2_PRODUCTS:  # O2
            attribution[key] = CX
        applied.append("O2")
        notes.append(
            f"O2: session replay active and {support} support/CS members ≥ "
            f"{facts.members_in('product')} product members: analytics, replay and survey spend "
            "goes to Customer Experience."
        )
    created = facts.usage.flags_created_90d
    by_marketing = facts.usage.flags_created_by_family_90d.get("marketing_growth", 0)
    if created >= 1 and Decimal(by_marketing) * 100 >= policy.o3_marketing_share_pct * created:
        attribution["feature_flags"] = GM  # O3
        applied.append("O3")
        notes.append(
            f"O3: {by_marketing} of {created} flags created in 90 days by marketing/growth: "
            "feature_flags spend goes to Growth & Marketing."
        )
    return attribution, applied, notes


def _o4(facts: AccountFactsInput, ref: Reference) -> bool:
    """O4: a running events export to a warehouse, and pipelines or data people dominate."""
    exports = any(
        e.running
        and e.table == "events"
        and (e.destination in O4_WAREHOUSES or e.destination == FEED_WAREHOUSE)
        for e in facts.usage.batch_exports
    )
    if not exports:
        return False
    pipelines = facts.spend("data_pipelines")
    spend_test = pipelines > ZERO and all(
        pipelines >= facts.spend(key) for key in ref.catalogue if key != "data_pipelines"
    )
    data = facts.members_in("data")
    members_test = data >= 1 and all(
        data >= facts.members_in(family) for family in FAMILIES if family != "data"
    )
    return spend_test or members_test


def _live(facts: AccountFactsInput, applied: list[str]) -> dict[str, bool]:
    """CLS-3, with contracts.md's readings of O1 (OBS) and O3 (GM)."""
    active = facts.active
    obs = active("logs") if "O1" in applied else active("error_tracking") or active("logs")
    gm = (
        active("web_analytics")
        or active("marketing_analytics")
        or active("workflows")
        or any(t in GM_REALTIME_TYPES for t in facts.usage.realtime_destinations)
        or ("O3" in applied and active("feature_flags"))
    )
    running_export = any(e.running for e in facts.usage.batch_exports)
    return {
        PI: active("product_analytics") or active("session_replay"),
        RE: active("feature_flags"),
        OBS: obs,
        GM: gm,
        AI: active("llm_observability"),
        DI: active("data_warehouse") or running_export,
        CX: active("session_replay") and (facts.members_in("support_cs") >= 1 or "O2" in applied),
    }


def classify(facts: AccountFactsInput, ref: Reference, policy: Policy) -> Classification:
    """CLS-2…CLS-5 on one account's facts; O4 names the primary and skips CLS-4."""
    attribution, applied, notes = attribution_map(facts, ref, policy)
    spend = dict.fromkeys(USE_CASES, ZERO)
    products = dict.fromkeys(USE_CASES, 0)
    for key, use_case in attribution.items():
        spend[use_case] += facts.spend(key)
        products[use_case] += facts.active(key)
    live = _live(facts, applied)
    members = {uc: facts.members_in(CORE_BUYER_FAMILY[uc], active_only=True) for uc in USE_CASES}
    live_ucs = [uc for uc in USE_CASES if live[uc]]
    primary: str | None
    if _o4(facts, ref):
        applied.append("O4")
        primary = DI
        notes.append(
            "O4: a running events export to a warehouse with pipelines spend or data members "
            "ahead: primary Data Infrastructure."
        )
    elif not live_ucs:
        primary = None
    elif any(spend[uc] > ZERO for uc in live_ucs):
        primary = max(live_ucs, key=lambda uc: (spend[uc], -USE_CASES.index(uc)))
    else:
        primary = max(live_ucs, key=lambda uc: (products[uc], -USE_CASES.index(uc)))
    if primary is None:
        notes.append("Unclassified: no live use case; the TAM sets one.")
    else:
        notes.append(
            f"Primary {USE_CASE_NAMES[primary]}: live with {_money(spend[primary])} attributed "
            f"spend ({products[primary]} active attributed products)."
        )
    secondary = sorted(
        (
            uc
            for uc in live_ucs
            if uc != primary and (spend[uc] > ZERO or members[uc] >= policy.secondary_min_core_members)
        ),
        key=lambda uc: (-spend[uc], -members[uc], USE_CASES.index(uc)),
    )
    rank = {uc: i for i, uc in enumerate([primary, *secondary], start=1) if uc}
    results = {
        uc: UseCaseResult(
            key=uc,
            live=live[uc],
            attributed_spend=spend[uc],
            active_products=products[uc],
            core_buyer_active_members=members[uc],
            status="primary" if uc == primary else "secondary" if uc in secondary else "none",
            rank=rank.get(uc),
        )
        for uc in USE_CASES
    }
    return Classification(
        primary=primary,
        secondary=tuple(secondary),
        overrides_applied=tuple(applied),
        use_cases=results,
        attribution=attribution,
        notes=tuple(notes),
    )


def with_override(result: Classification, primary: str, reason: str) -> Classification:
    """CLS-1: a TAM override (reason required) wins; the computed result stays on `result`."""
    if primary not in USE_CASES:
        raise ValueError(f"primary: {primary!r} is not a use case")
    if not reason.strip():
        raise ValueError("reason: an override needs a reason")
    secondary = tuple(uc for uc in (result.primary, *result.secondary) if uc and uc != primary)
    rank = {uc: i for i, uc in enumerate([primary, *secondary], start=1)}
    use_cases = {
        uc: UseCaseResult(
            key=uc,
            live=r.live,
            attributed_spend=r.attributed_spend,
            active_products=r.active_products,
            core_buyer_active_members=r.core_buyer_active_members,
            status="primary" if uc == primary else "secondary" if uc in secondary else "none",
            rank=rank.get(uc),
        )
        for uc, r in result.use_cases.items()
    }
    return Classification(
        primary=primary,
        secondary=secondary,
        overrides_applied=result.overrides_applied,
        use_cases=use_cases,
        attribution=result.attribution,
        notes=(*result.notes, f"TAM override: primary {USE_CASE_NAMES[primary]} ({reason.strip()})."),
    )
