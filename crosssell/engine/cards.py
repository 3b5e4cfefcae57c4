"""Product cards: candidates, tiers, why-now and why-not-now (NEXT-2, NEXT-4…6, TIM-1, TIM-4,
D-23, D-43; contracts.md crosssell preview, "Cards")."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from .catalogue import USE_CASE_NAMES, Reference, label
from .classification import Classification
from .facts import AccountFactsInput
from .paths import StepState, next_step, previous_applicable
from .policy import Policy
from .timing import WhyNotNow, Window, customer_initiated, first_30_days
from .triggers import DEFINITIONS


@dataclass(frozen=True)
class WhyNow:
    kind: str  # trigger | window_prime | previous_step_activated (moment, intent: later issues)
    ref: str | None
    label: str
    since: date | None = None  # the pipeline fills it from the episode or event


@dataclass(frozen=True)
class Card:
    product: str
    feature: str | None
    tier: int
    motion: str
    use_case: str | None
    maturity: str
    path_position: int | None
    why_this: str
    why_now: Mapping[str, WhyNow]
    why_not_now: Mapping[str, WhyNotNow]
    trigger_keys: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.product}:{self.feature}" if self.feature else self.product

    @property
    def status(self) -> str:
        return "suppressed" if self.why_not_now else "open"


@dataclass
class _Candidate:
    product: str
    feature: str | None
    tier: int
    path_position: int | None = None
    secondary_use_case: str | None = None  # set when a secondary path's next step
    paths: list[tuple[str, tuple[StepState, ...], StepState]] = field(default_factory=list)
    why_this: list[str] = field(default_factory=list)

    def lower(self, tier: int, position: int | None) -> None:
        if tier < self.tier:
            self.tier, self.path_position = tier, position


def _excluded(
    product: str, feature: str | None, facts: AccountFactsInput, ref: Reference, ai_signal: bool
) -> bool:
    """Never an adopted product, replay when prohibited, a roadmap item, or LLM without AI."""
    if feature is None and facts.active(product):
        return True
    if product == "session_replay" and facts.replay_prohibited:  # NEXT-6
        return True
    if product == "llm_observability" and not ai_signal:  # NEXT-6
        return True
    return ref.maturity(product) == "roadmap"  # CAT-2


def build_cards(
    facts: AccountFactsInput,
    classification: Classification,
    paths: Mapping[str, tuple[StepState, ...]],
    fired: tuple[str, ...],
    window: Window,
    account_reasons: Mapping[str, WhyNotNow],
    ref: Reference,
    policy: Policy,
    ai_signal: bool,
) -> tuple[Card, ...]:
    primary = classification.primary
    candidates: dict[str, _Candidate] = {}

    def candidate(product: str, feature: str | None, tier: int, position: int | None) -> _Candidate:
        key = f"{product}:{feature}" if feature else product
        found = candidates.get(key)
        if found is None:
            found = candidates[key] = _Candidate(product, feature, tier, position)
        else:
            found.lower(tier, position)
        return found

    triggered: dict[str, list[str]] = {}
    for key in fired:
        triggered.setdefault(DEFINITIONS[key].recommends, []).append(key)

    if primary is not None:  # tiers 1 and 2: the primary path
        states = paths[primary]
        step = next_step(states)
        if step is not None and not _excluded(step.product, step.feature, facts, ref, ai_signal):
            c = candidate(step.product, step.feature, 1, step.position)
            c.paths.append((primary, states, step))
            c.why_this.append(f"Next step ({step.position}) of the {USE_CASE_NAMES[primary]} path")
        for step in states:
            if step.state == "not_adopted" and step.feature is None and step.product in triggered:
                if _excluded(step.product, None, facts, ref, ai_signal):
                    continue
                c = candidate(step.product, None, 2, step.position)
                c.paths.append((primary, states, step))
                c.why_this.append(
                    f"Step {step.position} of the {USE_CASE_NAMES[primary]} path, with a trigger"
                )
    for use_case in classification.secondary:  # tier 3: each secondary path's next step
        states = paths[use_case]
        step = next_step(states)
        if step is None or _excluded(step.product, step.feature, facts, ref, ai_signal):
            continue
        c = candidate(step.product, step.feature, 3, step.position)
        if c.secondary_use_case is None:
            c.secondary_use_case = use_case
        c.paths.append((use_case, states, step))
        c.why_this.append(f"Next step ({step.position}) of the secondary {USE_CASE_NAMES[use_case]} path")
    for product in triggered:  # tiers 3 and 4: any other product a fired trigger recommends
        if product in candidates or _excluded(product, None, facts, ref, ai_signal):
            continue
        entry = ref.entry(product)
        matrix = {entry.attribution_use_case, *entry.secondary_use_cases}
        if entry.attribution_follows:
            follows = ref.entry(entry.attribution_follows)
            matrix |= {follows.attribution_use_case}
        tier = 3 if entry.is_addon_or_package or (primary is not None and primary in matrix) else 4
        c = candidate(product, None, tier, None)
        c.why_this.append("Recommended by a Vitally alert")

    waivers = customer_initiated(facts, policy)
    pause_first = first_30_days(facts, policy)
    cards: list[Card] = []
    for c in candidates.values():
        card_use_case: str | None
        if c.tier <= 2:
            card_use_case = primary
        elif c.tier == 3 and c.secondary_use_case is not None:
            card_use_case = c.secondary_use_case
        else:
            card_use_case = classification.attribution.get(c.product)
        why_now: dict[str, WhyNow] = {}
        trigger_keys = tuple(triggered.get(c.product, ())) if c.feature is None else ()
        for trigger in trigger_keys:
            why_now[trigger] = WhyNow("trigger", trigger, DEFINITIONS[trigger].name)
        if window.name == "prime":
            why_now["window_prime"] = WhyNow(
                "window_prime",
                None,
                f"Contract month {window.contract_month}: prime cross-sell window",
                window.month3_current,
            )
        activated = _previous_activated(c, primary)
        if activated is not None:
            product, day = activated
            why_now["previous_step_activated"] = WhyNow(
                "previous_step_activated",
                product,
                f"Previous path step {label(product)} activated on {day.isoformat()}",
                day,
            )
        if not why_now:  # D-23: no why-now, no card (the stepper still shows "next")
            continue
        reasons = dict(account_reasons)
        if pause_first is not None and not _waived(c.product, card_use_case, waivers, classification):
            reasons["first_30_days"] = pause_first
        entry = ref.entry(c.product)
        cards.append(
            Card(
                product=c.product,
                feature=c.feature,
                tier=c.tier,
                motion="upsell" if entry.is_addon_or_package else "cross_sell",
                use_case=card_use_case,
                maturity=entry.maturity,
                path_position=c.path_position,
                why_this="; ".join(c.why_this),
                why_now=why_now,
                why_not_now=reasons,
                trigger_keys=trigger_keys,
            )
        )
    return tuple(sorted(cards, key=_order))


def _previous_activated(c: _Candidate, primary: str | None) -> tuple[str, date] | None:
    """On a path that made it a candidate, the nearest earlier applicable step's activation;
    the primary path's first."""
    ordered = sorted(c.paths, key=lambda p: p[0] != primary)
    for use_case, states, step in ordered:
        if use_case == primary and c.tier > 2:
            continue
        earlier = previous_applicable(states, step)
        if earlier is not None and earlier.activated is not None:
            return earlier.activated
    return None


def _waived(product: str, use_case: str | None, waivers, classification: Classification) -> bool:
    """PAUSE-3's waiver (contracts.md "Customer-initiated, statelessly")."""
    for named in waivers:
        if named is None or named == product:
            return True
        if use_case is not None and classification.attribution.get(named) == use_case:
            return True
    return False


def _order(card: Card):
    """NEXT-4 within an account: tier, path position (nulls last), why-now count desc,
    earliest why-now since, product key."""
    since = [w.since for w in card.why_now.values() if w.since is not None]
    return (
        card.tier,
        card.path_position is None,
        card.path_position or 0,
        -len(card.why_now),
        min(since) if since else date.max,
        card.key,
    )
