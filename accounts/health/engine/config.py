"""The health model and thresholds the engine runs with (health.md §1.3, D-29).

A HealthModel version carries two JSON documents: `components` (points, tiers, bands) and
`thresholds` (every numeric rule threshold, keyed by its rule id). `HealthConfig.from_json`
overlays a stored version on the defaults below, so a key a version leaves out keeps
health.md's default; `problems()` names every bad key so the settings page can refuse it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

COMPONENT_KEYS = ("usage_trend", "engagement", "breadth", "relationship", "support_billing")
COMPONENT_LABELS = MappingProxyType(
    {
        "usage_trend": "Usage trend",
        "engagement": "User engagement",
        "breadth": "Product breadth",
        "relationship": "Relationship",
        "support_billing": "Support & billing",
    }
)
BANDS = ("Good", "Fair", "Poor", "No data")
BEHAVIORAL_PRODUCTS = ("surveys", "workflows", "feature_flags", "experiments", "session_replay")

# §1.3 Points column, version 1.
DEFAULT_COMPONENTS: Mapping[str, Any] = MappingProxyType(
    {
        "usage_trend": {
            "max": 30,
            "rising": 30,  # d ≤ 0
            "slight": 22,  # 0 < d < slight_below
            "moderate": 10,  # slight_below ≤ d < steep_from
            "steep": 0,  # d ≥ steep_from
            "slight_below": 10,
            "steep_from": 30,
            "insufficient_history": 22,  # no baseline window (and baseline = 0 with last30 = 0)
            "seasonal_floor": 22,  # D-6
        },
        "engagement": {"max": 25, "tiers": [[10, 25], [5, 18], [3, 10], [1, 3]]},  # [min users, points]
        "breadth": {
            "max": 20,
            "tiers": [[4, 20], [3, 15], [2, 10], [1, 3]],  # [min products, points]
            "behavioral_bonus": 5,
            "behavioral_products": list(BEHAVIORAL_PRODUCTS),
            "warehouse_cap": 5,
        },
        "relationship": {"max": 15, "per_signal": 5},
        "support_billing": {"max": 10, "spike": 4, "billing_visits": 3, "payment": 10},
        "bands": {"good": 70, "fair": 40},
    }
)

# Every numeric threshold of health.md's rules, key = rule id (health.md conventions).
DEFAULT_THRESHOLDS: Mapping[str, int] = MappingProxyType(
    {
        "S-1.days": 14,  # open recommendation older than this many days
        "S-2.window_days": 28,
        "S-2.ratio_pct": 90,  # trailing window ≤ this % of the prior window
        "S-2.weeks": 4,  # complete weeks compared …
        "S-2.weeks_down": 3,  # … of which at least this many fell
        "S-3.max_users": 2,  # 1 … max_users active users
        "S-4.days": 14,  # days without a customer message
        "S-5.window_days": 7,
        "S-5.min_views": 1,
        "S-5.context_days": 30,
        "S-7.window_days": 7,
        "S-7.min_tickets": 3,
        "S-7.multiple": 2,  # times the weekly average of …
        "S-7.average_weeks": 12,  # … the weeks before
        "S-8.products": 1,
        "S-9.max_views": 5,  # fewer than this many insight/dashboard views …
        "S-9.window_days": 30,  # … in this many days
        "D-4.days": 7,  # No data: no metrics row in this many days
        "D-5.window_days": 30,  # usage windows (last30 and each baseline window)
        "D-5.baseline_windows": 3,
        "D-9.days": 30,  # warehouse_only_export open this long → not_source_of_truth
        "D-10.days": 30,  # inbound-note window of champion_left_no_replacement
        "D-11.days": 7,  # days after the first dunning outreach
        "D-12.days": 90,  # renewal within this many days
        "CR-2.usage_drop_pct": 30,  # usage_drop_30: d ≥ this
        "CR-2.poor_weeks": 4,  # health_poor_4w: this many final weeks Poor
    }
)


class ConfigError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{key}: {message}" for key, message in problems))
        self.problems = problems


def _merge(default: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    merged = {key: (dict(value) if isinstance(value, Mapping) else value) for key, value in default.items()}
    for key, value in given.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def component_problems(components: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for key in (*COMPONENT_KEYS, "bands"):
        section = components.get(key)
        if not isinstance(section, Mapping):
            problems.append((key, "missing section."))
            continue
        for name, value in section.items():
            where = f"{key}.{name}"
            if name == "tiers":
                if not (
                    isinstance(value, list)
                    and value
                    and all(
                        isinstance(t, list) and len(t) == 2 and _whole(t[0]) and _whole(t[1]) for t in value
                    )
                ):
                    problems.append((where, "a list of [minimum, points] pairs of whole numbers."))
                elif [t[0] for t in value] != sorted({t[0] for t in value}, reverse=True) or value[-1][0] < 1:
                    problems.append((where, "minimums strictly decreasing, the last at least 1."))
            elif name == "behavioral_products":
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    problems.append((where, "a list of product keys."))
            elif not _whole(value):
                problems.append((where, "must be a whole number ≥ 0."))
    for key in COMPONENT_KEYS:
        section = components.get(key)
        if not isinstance(section, Mapping) or not _whole(section.get("max")):
            continue
        top = section["max"]
        for name, value in section.items():
            if name == "tiers" and isinstance(value, list):
                if any(isinstance(t, list) and len(t) == 2 and _whole(t[1]) and t[1] > top for t in value):
                    problems.append((f"{key}.tiers", f"points above the component's max {top}."))
            elif (
                name
                in (
                    "rising",
                    "slight",
                    "moderate",
                    "steep",
                    "insufficient_history",
                    "seasonal_floor",
                    "warehouse_cap",
                )
                and _whole(value)
                and value > top
            ):
                problems.append((f"{key}.{name}", f"above the component's max {top}."))
    if not problems:
        total = sum(components[key]["max"] for key in COMPONENT_KEYS)
        if total != 100:
            problems.append(("max", f"the five maxima add up to {total}, not 100."))
        usage = components["usage_trend"]
        if not 0 < usage["slight_below"] < usage["steep_from"]:
            problems.append(("usage_trend.slight_below", "must be above 0 and below steep_from."))
        bands = components["bands"]
        if not 0 < bands["fair"] < bands["good"] <= 100:
            problems.append(("bands.fair", "0 < fair < good ≤ 100."))
    return problems


def threshold_problems(thresholds: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = [(key, "unknown threshold.") for key in thresholds if key not in DEFAULT_THRESHOLDS]
    for key, value in thresholds.items():
        if key in DEFAULT_THRESHOLDS and (not _whole(value) or value < 1):
            problems.append((key, "must be a whole number ≥ 1."))
    return problems


@dataclass(frozen=True)
class HealthConfig:
    """What one evaluation runs with: a model version's components and the thresholds."""

    version: int = 1
    components: Mapping[str, Any] = field(default_factory=lambda: _merge(DEFAULT_COMPONENTS, {}))
    thresholds: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))

    @classmethod
    def from_json(
        cls, *, version: int, components: Mapping[str, Any] | None, thresholds: Mapping[str, Any] | None
    ) -> "HealthConfig":
        merged_components = _merge(DEFAULT_COMPONENTS, components or {})
        merged_thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
        problems = component_problems(merged_components) + threshold_problems(thresholds or {})
        if problems:
            raise ConfigError(problems)
        return cls(version=version, components=merged_components, thresholds=merged_thresholds)

    def t(self, key: str) -> int:
        return int(self.thresholds[key])

    def c(self, component: str) -> Mapping[str, Any]:
        return self.components[component]

    @property
    def behavioral_products(self) -> frozenset[str]:
        return frozenset(self.components["breadth"]["behavioral_products"])


DEFAULT_CONFIG = HealthConfig()
