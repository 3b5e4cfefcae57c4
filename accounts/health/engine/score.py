"""The §1.3 weekly score: five components, each with its inputs, the matched rule and points.

score = the sum of the points; bands Good ≥ 70, Fair 40-69, Poor < 40 (D-2); No data when no
metrics row in the last 7 days (D-4). The rule texts are §1.3's Points column in its notation,
built from the model version's numbers so a new version explains itself too.
"""

from collections.abc import Mapping, Sequence
from datetime import timedelta

from .config import COMPONENT_KEYS, COMPONENT_LABELS, HealthConfig
from .facts import ComponentResult, HealthFacts
from .trend import UsageTrend, shown

# The contract writes its rules with an en dash for ranges and a minus sign for subtraction.
DASH = "\u2013"
MINUS = "\u2212"

RELATIONSHIP_KINDS = ("slack_silent", "rec_not_actioned", "champion_changed")
PAYMENT_KINDS = ("payment_late", "payg_payment_failed")


def _tier(value: int, tiers: Sequence[Sequence[int]]) -> tuple[int, str]:
    """(points, rule text) of the first tier whose minimum `value` reaches; below all → 0."""
    for index, (minimum, points) in enumerate(tiers):
        if value >= minimum:
            if index == 0:
                return points, f"≥ {minimum} → {points}"
            upper = tiers[index - 1][0] - 1
            span = f"{minimum}" if upper == minimum else f"{minimum}{DASH}{upper}"
            return points, f"{span} → {points}"
    lowest = tiers[-1][0]
    return 0, ("0 → 0" if lowest == 1 else f"0{DASH}{lowest - 1} → 0")


def usage_component(facts: HealthFacts, config: HealthConfig, trend: UsageTrend) -> ComponentResult:
    c = config.c("usage_trend")
    a, b = c["slight_below"], c["steep_from"]
    if trend.baseline is None:
        points = c["insufficient_history"]
        rule = f"no baseline window → {points} (insufficient history)"
    elif trend.baseline == 0:
        if trend.last30 > 0:
            points, rule = c["rising"], f"baseline = 0 and last30 > 0 → {c['rising']}"
        else:  # decision 3: d undefined, scored like no baseline
            points = c["insufficient_history"]
            rule = f"baseline = 0 and last30 = 0 → {points}"
    else:
        d = trend.d
        assert d is not None
        if d <= 0:
            points, rule = c["rising"], f"d ≤ 0 → {c['rising']}"
        elif d < a:
            points, rule = c["slight"], f"0 < d < {a} → {c['slight']}"
        elif d < b:
            points, rule = c["moderate"], f"{a} ≤ d < {b} → {c['moderate']}"
        else:
            points, rule = c["steep"], f"d ≥ {b} → {c['steep']}"
    seasonal = facts.seasonal_active()
    if seasonal is not None:  # D-6 / decision 4: raises to the floor, never lowers
        rule += f"; active SeasonalExplanation → at least {c['seasonal_floor']}"
        points = max(points, c["seasonal_floor"])
    baseline = shown(trend.baseline)
    d_shown = shown(trend.d)
    windows = "; ".join(f"{s.isoformat()}…{e.isoformat()}: {n}" for s, e, n in trend.windows) or "none"
    explanation = (
        f"last30 = {trend.last30} events ({trend.last30_start.isoformat()}…{facts.as_of.isoformat()}); "
        f"baseline = {'none' if baseline is None else f'{baseline:.2f}'} "
        f"(mean of {trend.baseline_windows} window(s): {windows}); "
        f"d = {'undefined' if d_shown is None else f'{d_shown:.2f}'}"
        + (
            f"; seasonal: {seasonal.reason or 'explained'} ({seasonal.starts_on}…{seasonal.ends_on})"
            if seasonal
            else ""
        )
    )
    return ComponentResult(
        key="usage_trend",
        label=COMPONENT_LABELS["usage_trend"],
        max=c["max"],
        points=points,
        rule=rule,
        inputs={
            "last30": trend.last30,
            "baseline": baseline,
            "baseline_windows": trend.baseline_windows,
            "d": d_shown,
            "seasonal": seasonal is not None,
        },
        explanation=explanation,
    )


def engagement_component(facts: HealthFacts, config: HealthConfig) -> ComponentResult:
    c = config.c("engagement")
    points, rule = _tier(facts.active_users_30d, c["tiers"])
    return ComponentResult(
        key="engagement",
        label=COMPONENT_LABELS["engagement"],
        max=c["max"],
        points=points,
        rule=rule,
        inputs={"active_users_30d": facts.active_users_30d},
        explanation=f"{facts.active_users_30d} active users in the last 30 days (latest metrics row).",
    )


def breadth_component(facts: HealthFacts, config: HealthConfig, warehouse_open: bool) -> ComponentResult:
    c = config.c("breadth")
    products = sorted(facts.products_used_30d)
    points, rule = _tier(len(products), c["tiers"])
    behavioral = any(p in config.behavioral_products for p in products)
    if behavioral:
        points = min(points + c["behavioral_bonus"], c["max"])
        rule += f"; +{c['behavioral_bonus']} behavioral product, capped at {c['max']}"
    if warehouse_open:
        points = min(points, c["warehouse_cap"])
        rule += f"; capped at {c['warehouse_cap']} while warehouse_only_export is open"
    return ComponentResult(
        key="breadth",
        label=COMPONENT_LABELS["breadth"],
        max=c["max"],
        points=points,
        rule=rule,
        inputs={"products": products, "behavioral": behavioral, "warehouse_cap": warehouse_open},
        explanation=f"{len(products)} product(s) used in the last 30 days: {', '.join(products) or 'none'}.",
    )


def relationship_component(config: HealthConfig, open_kinds: frozenset[str]) -> ComponentResult:
    c = config.c("relationship")
    hits = [k for k in RELATIONSHIP_KINDS if k in open_kinds]
    points = max(0, c["max"] - c["per_signal"] * len(hits))
    return ComponentResult(
        key="relationship",
        label=COMPONENT_LABELS["relationship"],
        max=c["max"],
        points=points,
        rule=f"{c['max']} {MINUS} {c['per_signal']} per open signal, floor 0",
        inputs={"open_signals": hits},
        explanation=f"open: {', '.join(hits) or 'none'} of {', '.join(RELATIONSHIP_KINDS)}.",
    )


def support_component(config: HealthConfig, open_kinds: frozenset[str]) -> ComponentResult:
    c = config.c("support_billing")
    hits = [k for k in ("support_ticket_spike", "billing_page_visits", *PAYMENT_KINDS) if k in open_kinds]
    points = c["max"]
    if "support_ticket_spike" in open_kinds:
        points -= c["spike"]
    if "billing_page_visits" in open_kinds:
        points -= c["billing_visits"]
    if open_kinds & set(PAYMENT_KINDS):  # decision 13: late and failed cost once together
        points -= c["payment"]
    return ComponentResult(
        key="support_billing",
        label=COMPONENT_LABELS["support_billing"],
        max=c["max"],
        points=max(0, points),
        rule=(
            f"{c['max']} {MINUS} {c['spike']} (spike) {MINUS} {c['billing_visits']} (billing visits) "
            f"{MINUS} {c['payment']} (payment late/failed), floor 0"
        ),
        inputs={"open_signals": hits},
        explanation=f"open: {', '.join(hits) or 'none'}.",
    )


def no_data_components(config: HealthConfig, facts: HealthFacts) -> tuple[ComponentResult, ...]:
    days = config.t("D-4.days")
    start = facts.as_of - timedelta(days=days - 1)
    return tuple(
        ComponentResult(
            key=key,
            label=COMPONENT_LABELS[key],
            max=config.c(key)["max"],
            points=None,
            rule=f"No data: no metrics row in the last {days} days",
            inputs={},
            explanation=f"No AccountDailyMetrics row dated {start.isoformat()}…{facts.as_of.isoformat()}.",
        )
        for key in COMPONENT_KEYS
    )


def band_for(score: int | None, config: HealthConfig) -> str:
    if score is None:
        return "No data"
    bands: Mapping[str, int] = config.c("bands")
    if score >= bands["good"]:
        return "Good"
    if score >= bands["fair"]:
        return "Fair"
    return "Poor"


def top_losses(components: Sequence[ComponentResult]) -> tuple[str, ...]:
    """Largest max - points first, ties in table order; nothing lost → left out; at most 3."""
    ranked = sorted(
        (c for c in components if c.points is not None and c.lost > 0),
        key=lambda c: (-c.lost, COMPONENT_KEYS.index(c.key)),
    )
    return tuple(c.key for c in ranked[:3])
