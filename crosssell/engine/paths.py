"""Walking a use case's path: step states and the next product (UC-2, NEXT-2, NEXT-6, D-18)."""

from dataclasses import dataclass
from datetime import date

from .catalogue import USE_CASE_NAMES, PathStep, Reference, label
from .facts import AccountFactsInput


@dataclass(frozen=True)
class StepState:
    position: int
    product: str  # the product shown (an «A / B» step shows D-18's pick)
    feature: str | None
    state: str  # adopted | next | not_adopted | not_applicable
    reason: str = ""  # why not applicable
    activated: tuple[str, date] | None = None  # (product, date) for previous_step_activated

    @property
    def key(self) -> str:
        return f"{self.product}:{self.feature}" if self.feature else self.product

    @property
    def applicable(self) -> bool:
        return self.state != "not_applicable"


@dataclass(frozen=True)
class NextProduct:
    product: str
    feature: str | None
    use_case: str
    position: int
    maturity: str
    label: str


def _shown(step: PathStep, ai_signal: bool) -> str:
    if step.alternatives:  # D-18: CX «logs / llm_observability»
        return "llm_observability" if ai_signal and "llm_observability" in step.alternatives else step.product
    return step.product


def _adopted(step: PathStep, facts: AccountFactsInput) -> bool:
    if step.feature == "ai_evals":
        return facts.usage.eval_runs_30d > 0
    if step.feature == "batch_exports":
        return any(e.running for e in facts.usage.batch_exports)
    if step.feature:
        return False
    products = step.alternatives or (step.product,)
    return any(facts.active(p) for p in products)


def _activation(step: PathStep, facts: AccountFactsInput) -> tuple[str, date] | None:
    if step.feature:  # feature steps carry no activation
        return None
    products = step.alternatives or (step.product,)
    for product in sorted(products, key=lambda p: p != "llm_observability"):
        activated = facts.product(product).activated_at
        if activated is not None:
            return product, activated
    return None


def _not_applicable(product: str, facts: AccountFactsInput, ai_signal: bool) -> str:
    if product == "llm_observability" and not ai_signal:  # NEXT-2, NEXT-6
        return "no AI signal (company tags, LLM events or LLM Observability)"
    if product == "session_replay" and facts.replay_prohibited:  # NEXT-6
        return "security policy prohibits session replay"
    return ""


def walk(steps: tuple[PathStep, ...], facts: AccountFactsInput, ai_signal: bool) -> tuple[StepState, ...]:
    out: list[StepState] = []
    found_next = False
    for step in steps:
        shown = _shown(step, ai_signal)
        reason = _not_applicable(shown, facts, ai_signal)
        if reason:
            state = "not_applicable"
        elif _adopted(step, facts):
            state = "adopted"
        elif not found_next:
            state, found_next = "next", True
        else:
            state = "not_adopted"
        out.append(
            StepState(
                step.position,
                shown,
                step.feature,
                state,
                reason,
                _activation(step, facts),
            )
        )
    return tuple(out)


def next_step(states: tuple[StepState, ...]) -> StepState | None:
    return next((s for s in states if s.state == "next"), None)


def previous_applicable(states: tuple[StepState, ...], step: StepState) -> StepState | None:
    """The nearest earlier applicable step (a not-applicable one is skipped, contracts.md)."""
    earlier = [s for s in states if s.position < step.position and s.applicable]
    return earlier[-1] if earlier else None


def next_product(use_case: str | None, states: tuple[StepState, ...], ref: Reference) -> NextProduct | None:
    step = next_step(states)
    if use_case is None or step is None:
        return None
    return NextProduct(
        product=step.product,
        feature=step.feature,
        use_case=use_case,
        position=step.position,
        maturity=ref.maturity(step.product),
        label=(
            f"Step {step.position} of the {USE_CASE_NAMES[use_case]} path: "
            f"{label(step.product, step.feature)} (first step not adopted; depth before breadth)"
        ),
    )
