"""The cross-sell engine: pure functions over plain frozen dataclasses (no Django, no other app,
no clock — `as_of` is an input).

Modules by concern: `catalogue` (use cases, paths, catalogue attributes), `facts` (the input),
`policy` (P-6's numbers), `classification` (CLS-2…5), `triggers` (VIT-1…5), `timing` (TIM-3,
PAUSE-1…8, WWDB), `paths` (NEXT-2), `cards` (NEXT-4…6, TIM-1, TIM-4), `tasks` (NEXT-1, TIM-3),
`phase` (PH-1). `evaluate` runs J-1 steps 4, 6 and 7 in order; the preview and the nightly
pipeline both call it.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .cards import Card, WhyNow, build_cards
from .catalogue import (
    DEFAULT_CATALOGUE,
    DEFAULT_PATHS,
    FAMILIES,
    USE_CASE_NAMES,
    USE_CASES,
    CatalogueEntry,
    PathStep,
    Reference,
)
from .classification import Classification, UseCaseResult, classify, with_override
from .facts import (
    AccountFactsInput,
    BatchExport,
    Champion,
    MemberGroup,
    OwnerChange,
    ProductFact,
    SignalEvent,
    Ticket,
    Usage,
)
from .paths import NextProduct, StepState, next_product, walk
from .phase import PHASES, PhaseResult, compute_phase, first_team
from .policy import DEFAULT_POLICY, VIT_KEYS, Policy
from .tasks import Task, build_tasks
from .timing import (
    WhyNotNow,
    Window,
    account_reasons,
    add_months,
    contract_window,
    days_since_paid_start,
)
from .triggers import DEFINITIONS, ai_signal, fired_triggers


@dataclass(frozen=True)
class Evaluation:
    as_of_facts: AccountFactsInput
    computed: Classification  # CLS-2…5 as computed; stays visible beside an override
    classification: Classification  # the one in force (override applied)
    ai_signal: bool
    window: Window
    days_since_paid_start: int | None
    triggers: tuple[str, ...]
    paths: Mapping[str, tuple[StepState, ...]]
    path: tuple[StepState, ...]
    next_product: NextProduct | None
    cards: tuple[Card, ...]
    tasks: tuple[Task, ...]
    reasons: Mapping[str, WhyNotNow]
    notes: tuple[str, ...]


def evaluate(
    facts: AccountFactsInput,
    *,
    reference: Reference | None = None,
    policy: Policy = DEFAULT_POLICY,
    primary_override: tuple[str, str] | None = None,
) -> Evaluation:
    """Classification, triggers, window, pauses, path and cards for one account on `as_of`.

    `primary_override` = (use case, reason) from a TAM (CLS-1); the preview never passes one.
    """
    ref = reference or Reference()
    computed = classify(facts, ref, policy)
    current = with_override(computed, *primary_override) if primary_override else computed
    has_ai = ai_signal(facts)
    annual = facts.billing_type == "annual"
    window = contract_window(
        facts.as_of, facts.contract_start if annual else None, facts.contract_end, policy
    )
    fired = fired_triggers(facts, policy)
    paths = {uc: walk(ref.paths[uc], facts, has_ai) for uc in USE_CASES}
    path = paths[current.primary] if current.primary else ()
    upcoming = next_product(current.primary, path, ref)
    reasons = account_reasons(facts, window, policy)
    cards = build_cards(facts, current, paths, fired, window, reasons, ref, policy, has_ai)
    tasks = build_tasks(facts, window, reasons)
    notes = list(current.notes)
    if window.name == "none":
        notes.append("Monthly billing: no contract window.")
    else:
        notes.append(f"Annual contract month {window.contract_month} of 12: window {window.name}.")
    if upcoming is not None:
        notes.append(upcoming.label)
    return Evaluation(
        as_of_facts=facts,
        computed=computed,
        classification=current,
        ai_signal=has_ai,
        window=window,
        days_since_paid_start=days_since_paid_start(facts),
        triggers=fired,
        paths=paths,
        path=path,
        next_product=upcoming,
        cards=cards,
        tasks=tasks,
        reasons=reasons,
        notes=tuple(notes),
    )


__all__ = [
    "DEFAULT_CATALOGUE",
    "DEFAULT_PATHS",
    "DEFAULT_POLICY",
    "DEFINITIONS",
    "FAMILIES",
    "PHASES",
    "USE_CASES",
    "USE_CASE_NAMES",
    "VIT_KEYS",
    "AccountFactsInput",
    "BatchExport",
    "Card",
    "CatalogueEntry",
    "Champion",
    "Classification",
    "Evaluation",
    "MemberGroup",
    "NextProduct",
    "OwnerChange",
    "PathStep",
    "PhaseResult",
    "Policy",
    "ProductFact",
    "Reference",
    "SignalEvent",
    "StepState",
    "Task",
    "Ticket",
    "Usage",
    "UseCaseResult",
    "WhyNotNow",
    "WhyNow",
    "Window",
    "account_reasons",
    "add_months",
    "ai_signal",
    "classify",
    "compute_phase",
    "contract_window",
    "evaluate",
    "fired_triggers",
    "first_team",
    "with_override",
]
