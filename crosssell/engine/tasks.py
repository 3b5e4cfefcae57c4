"""The tasks this issue creates: NEXT-1's health check and TIM-3's «reinforce value»."""

from collections.abc import Mapping
from dataclasses import dataclass

from .catalogue import label
from .facts import AccountFactsInput
from .timing import RELATIONSHIP_TASK_REASONS, WhyNotNow, Window


@dataclass(frozen=True)
class Task:
    trigger_key: str
    subject: str
    text: str
    tier: int
    why_not_now: Mapping[str, WhyNotNow]

    @property
    def status(self) -> str:
        return "suppressed" if self.why_not_now else "open"


def build_tasks(
    facts: AccountFactsInput, window: Window, account_reasons: Mapping[str, WhyNotNow]
) -> tuple[Task, ...]:
    # TIM-4: relationship tasks and the implementation check take only these two reasons.
    reasons = {k: v for k, v in account_reasons.items() if k in RELATIONSHIP_TASK_REASONS}
    tasks: list[Task] = []
    items = sorted(set(facts.open_implementation_items))
    if items:  # NEXT-1: foundation first, tier 0
        tasks.append(
            Task(
                "implementation_health_check",
                "implementation",
                f"Run implementation health check / fix open items ({', '.join(items)})",
                0,
                reasons,
            )
        )
    if window.name == "reinforce" and window.contract_year_start is not None:  # TIM-3
        for key in sorted(facts.products):
            fact = facts.products[key]
            if (
                fact.active
                and fact.first_used_at is not None
                and fact.first_used_at >= window.contract_year_start
            ):
                tasks.append(
                    Task(
                        "reinforce_value",
                        key,
                        f"Reinforce value of {label(key)}, adopted on "
                        f"{fact.first_used_at.isoformat()} this contract year",
                        0,
                        reasons,
                    )
                )
    return tuple(tasks)
