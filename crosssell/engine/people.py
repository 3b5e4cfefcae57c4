"""Role families from titles (D-1) and the implementation/compliance screens (D-30, WWDB)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class FamilyRule:
    keyword: str
    families: tuple[str, ...]
    exclusive: bool = False  # D-1: "data engineer … → data only"


# D-1's keyword map as the 0002 migration seeds it; used when the table is empty (a flushed
# scratch database) so titles still find their family.
DEFAULT_FAMILY_RULES: tuple[FamilyRule, ...] = tuple(
    FamilyRule(keyword, tuple(families), exclusive)
    for keyword, families, exclusive, _order in [
        ("data engineer", ["data"], True, 1),
        ("analytics engineer", ["data"], True, 2),
        ("head of data", ["data", "leadership"], True, 3),
        ("bi", ["data"], True, 4),
        ("ml engineer", ["ai_ml", "engineering"], False, 5),
        ("ai engineer", ["ai_ml", "engineering"], False, 6),
        ("applied ai", ["ai_ml", "engineering"], False, 7),
        ("machine learning", ["ai_ml", "engineering"], False, 8),
        ("engineer", ["engineering"], False, 10),
        ("engineering", ["engineering"], False, 11),
        ("developer", ["engineering"], False, 12),
        ("sre", ["engineering"], False, 13),
        ("platform", ["engineering"], False, 14),
        ("devops", ["engineering"], False, 15),
        ("architect", ["engineering"], False, 16),
        ("cto", ["engineering", "leadership"], False, 17),
        ("em", ["engineering"], False, 18),
        ("pm", ["product"], False, 20),
        ("product manager", ["product"], False, 21),
        ("product owner", ["product"], False, 22),
        ("designer", ["product"], False, 23),
        ("ux", ["product"], False, 24),
        ("researcher", ["product"], False, 25),
        ("marketing", ["marketing_growth"], False, 30),
        ("growth", ["marketing_growth"], False, 31),
        ("demand gen", ["marketing_growth"], False, 32),
        ("cro", ["marketing_growth"], False, 33),
        ("gtm", ["marketing_growth"], False, 34),
        ("support", ["support_cs"], False, 40),
        ("customer success", ["support_cs"], False, 41),
        ("customer service", ["support_cs"], False, 42),
        ("ae", ["sales"], False, 50),
        ("account executive", ["sales"], False, 54),
        ("sdr", ["sales"], False, 51),
        ("sales", ["sales"], False, 52),
        ("account manager", ["sales"], False, 53),
        ("vp", ["leadership"], False, 60),
        ("head", ["leadership"], False, 61),
        ("director", ["leadership"], False, 62),
        ("chief", ["leadership"], False, 63),
        ("founder", ["leadership"], False, 64),
        ("co-founder", ["leadership"], False, 65),
        ("ceo", ["leadership"], False, 66),
    ]
)


def families_for_title(title: str, rules: Iterable[FamilyRule]) -> tuple[str, ...]:
    return _families(title.lower(), tuple(rules))


@lru_cache(maxsize=8192)  # titles repeat across a book; the rules are a hashable tuple
def _families(text: str, rules: tuple[FamilyRule, ...]) -> tuple[str, ...]:
    """D-1: every rule whose keyword is a whole word of the title adds its families; an
    exclusive match (data roles) keeps only its families plus leadership; none → other."""
    matched = [
        r for r in rules if re.search(rf"(?<![a-z0-9]){re.escape(r.keyword.lower())}(?![a-z0-9])", text)
    ]
    if not matched:
        return ("other",)
    exclusive = [r for r in matched if r.exclusive]
    chosen = exclusive or matched
    families = [f for r in chosen for f in r.families]
    if exclusive and any("leadership" in r.families for r in matched):
        families.append("leadership")
    return tuple(dict.fromkeys(families))


# --- WWDB-1…3 ----------------------------------------------------------------------------------
BLOCKED_COUNTRIES = frozenset({"CU", "IR", "KP", "SY"})
RUSSIA = "RU"
# WWDB-2 / D-29 (Crimea is screened via Ukraine, UA).
REVIEW_COUNTRIES = frozenset(
    {
        "AL",
        "BA",
        "XK",
        "ME",
        "MK",
        "RS",
        "BY",
        "BI",
        "CF",
        "CD",
        "IQ",
        "LY",
        "LB",
        "MM",
        "SD",
        "SS",
        "SO",
        "UA",
        "VE",
        "YE",
        "ZW",
    }
)


@dataclass(frozen=True)
class Screen:
    status: str
    reasons: tuple[str, ...]


def screen_compliance(
    countries: Iterable[str],
    *,
    us_person_exemption: bool = False,
    sanctions_listed: bool = False,
    discretionary_hold: bool = False,
    review_cleared: bool = False,
) -> Screen:
    """J-1 step 1: blocked beats review beats hold; legal's note clears a review only."""
    codes = {c.upper() for c in countries if c}
    reasons: list[str] = []
    for code in sorted(codes & BLOCKED_COUNTRIES):
        reasons.append(f"WWDB-1: based in {code}")
    if sanctions_listed:
        reasons.append("WWDB-1: on a US sanctions list")
    if RUSSIA in codes and not us_person_exemption:
        reasons.append("WWDB-1: based in RU (since 2024-09-09)")
    if reasons:
        return Screen("blocked", tuple(reasons))
    review = [f"WWDB-2: based in {code}" for code in sorted(codes & REVIEW_COUNTRIES)]
    if RUSSIA in codes:
        review.append("WWDB-1: RU with US-person exemption; legal review")
    if review and not review_cleared:
        return Screen("review_required", tuple(review))
    if discretionary_hold:
        return Screen("discretionary_hold", ("WWDB-3: discretionary hold",))
    return Screen("ok", tuple(f"{r} (cleared by legal)" for r in review))


def detect_implementation_items(*, group_plan_active: bool, group_count: int) -> dict[str, tuple[bool, str]]:
    """D-30, for the items whose usage fact exists in the feed: item → (open?, evidence).
    The others (identify per pageload, autocapture, replay settings, reverse proxy, group
    calls, flag fallbacks) need facts the feed does not carry yet and stay TAM-set."""
    return {
        "group_analytics_unused": (
            group_plan_active and group_count == 0,
            f"group analytics plan {'active' if group_plan_active else 'not active'}, "
            f"group_count {group_count}",
        ),
    }
