"""The numbers RevOps may change on the Cross-sell settings page (P-6), with the handbook's
defaults. The engine reads only this object; the stored settings version builds it."""

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

VIT_KEYS: tuple[str, ...] = (
    "ff_opp_high_engineer_pct",
    "replay_upsell_opp",
    "ff_opp_no_experiments",
    "b2b_group_analytics_opp",
    "web_analytics_opp_marketing",
)


@dataclass(frozen=True)
class Policy:
    # CLS-2 O1 / D-8: the quota "paid" threshold, strict ">".
    heavy_spend: Decimal = Decimal("200.00")
    # O3: share of the 90-day flags created by marketing_growth members.
    o3_marketing_share_pct: Decimal = Decimal("50")
    # CLS-5: core-buyer active members that make a live use case secondary.
    secondary_min_core_members: int = 2
    # VIT-1 / D-2.
    vit1_engineer_share_pct: Decimal = Decimal("50")
    vit1_min_engineers: int = 2
    # VIT-5 / D-5: strict ">".
    vit5_min_employees: int = 50
    enabled_triggers: tuple[str, ...] = VIT_KEYS
    # TIM-3 windows: contract months (1-12) per window; why_stay also in the last 3 months.
    adoption_only_months: tuple[int, ...] = (1, 2)
    prime_months: tuple[int, ...] = (3, 4, 5, 6)
    reinforce_months: tuple[int, ...] = (7, 8, 9)
    why_stay_final_months: int = 3
    # PAUSE durations (D-15, D-22).
    first_days: int = 30  # PAUSE-3
    event_days: int = 90  # PAUSE-4/5 and customer-initiated interest
    declining_weeks: int = 4  # PAUSE-6: consecutive week-over-week declines
    # J-3 / D-22: an episode ends after this many consecutive false days.
    episode_end_days: int = 14
    # D-43: cards expire after this many days without a candidate or open episode.
    card_expiry_days: int = 14
    dismiss_days: int = 90  # D-22

    def trigger_enabled(self, key: str) -> bool:
        return key in self.enabled_triggers

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "Policy":
        """Defaults for missing keys; unknown keys ignored (a newer version's extras)."""
        base = cls()
        if not data:
            return base
        changes: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            default = getattr(base, f.name)
            value = data[f.name]
            if isinstance(default, Decimal):
                value = Decimal(str(value))
            elif isinstance(default, tuple):
                value = tuple(value)
            elif isinstance(default, int):
                value = int(value)
            changes[f.name] = value
        return replace(base, **changes)


DEFAULT_POLICY = Policy()
