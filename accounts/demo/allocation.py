"""Who looks after each demo account, by the handbook's allocation rules (pure).

$20k+ ARR accounts get an owner (A-1): a TAM's AM Managed book where there is room to grow,
a CSM where the account pays for all three core products (A-3) or has no levers left, with a
TAM overlay on some (A-2, A-4). Smaller accounts are mostly unowned; a few are a TAE's new
business, and some $10k to $20k accounts sit in a TAM's Leads (SG-2).
"""

from dataclasses import dataclass

from .context import Cast
from .story import AccountStory

CORE = frozenset({"session_replay", "feature_flags", "error_tracking"})
OWNED_FLOOR = 20_000


@dataclass(frozen=True)
class Allocation:
    segment: str  # "tam" (AM Managed), "csm", "tae", "lead", "unassigned" or "none"
    owner_id: int | None = None
    overlay_tam_id: int | None = None
    account_executive_id: int | None = None
    onboarding_specialist_id: int | None = None
    book_tam_id: int | None = None  # open BookMembership (AM Managed)
    lead_tam_id: int | None = None  # open LeadMembership
    new_owner: str = ""


def _pick(people: list[int], index: int) -> int | None:
    return people[index % len(people)] if people else None


def segment_for(story: AccountStory, arr: float, roll: float) -> str:
    if story.churn_month is not None or story.configuration == "FREE":
        return "none"
    products = set(story.products_in(len(story.lines) - 1))
    if arr >= OWNED_FLOOR:
        if roll > 0.97:
            return "unassigned"  # New Owner set, awaiting a team lead's pick (D-29 candidate)
        fully_expanded = products >= CORE
        return "csm" if fully_expanded or roll < 0.3 else "tam"
    if arr >= 10_000 and roll < 0.35:
        return "lead"
    if story.first_month >= len(story.lines) - 6 and roll < 0.5:
        return "tae"
    return "none"


def allocate(story: AccountStory, arr: float, roll: float, cast: Cast) -> Allocation:
    segment = segment_for(story, arr, roll)
    region, i = story.region, story.index
    tam = _pick(cast.tams_by_region.get(region, []), i * 7 + 3)
    if segment == "tam":
        return Allocation(segment, owner_id=tam, book_tam_id=tam)
    if segment == "csm":
        csm = _pick(cast.csms_by_region.get(region, []), i)
        overlay = tam if roll > 0.8 else None
        return Allocation(segment, owner_id=csm, overlay_tam_id=overlay)
    if segment == "lead":
        return Allocation(segment, lead_tam_id=tam, account_executive_id=tam if roll < 0.1 else None)
    if segment == "tae":
        tae = _pick(cast.taes_by_region.get(region, []), i)
        onboarding = _pick(cast.by_role.get("onboarding", []), i) if roll < 0.25 else None
        return Allocation(
            segment, owner_id=tae, account_executive_id=tae, onboarding_specialist_id=onboarding
        )
    if segment == "unassigned":
        return Allocation(segment, new_owner=f"{region} TAM")
    return Allocation("none")
