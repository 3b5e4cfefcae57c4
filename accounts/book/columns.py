"""The My book / accounts list columns other areas own, behind one registry.

Each area answers `<module>.book_columns(account_ids) -> {account_id: {key: value}}` in a fixed
number of queries. The registry imports each module lazily and calls it once per page for the
page's account ids. Until an area ships (the module or function is missing) or when an account
has no value, the cell shows "—" with a tooltip naming the area that provides it, so the page
never depends on another area's internals and a new area plugs in with no change here.
"""

import importlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

MISSING = "—"


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # the key in the area's answer
    label: str
    module: str | None  # None: a later issue owns it; always "—"
    tooltip: str  # what the value means
    area: str  # who provides it, for the "—" tooltip
    function: str = "book_columns"

    @property
    def missing_tooltip(self) -> str:
        return f"{self.tooltip} Not available yet: provided by {self.area}."


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("mrr_6m", "MRR (6 months)", "billing.selectors",
               "Monthly recurring revenue over the last six months, oldest first.", "billing"),
    ColumnSpec("credit_runway_days", "Credit runway (days)", "billing.selectors",
               "Days of prepaid credit left at the current burn.", "billing"),
    ColumnSpec("credit_run_out_on", "Credit runs out", "billing.selectors",
               "The day prepaid credit is expected to run out.", "billing"),
    ColumnSpec("health_band", "Health", "accounts.health.selectors",
               "This week's health band (health.md).", "health"),
    ColumnSpec("health_last_4_weeks", "Health, last 4 weeks", "accounts.health.selectors",
               "The weekly health bands of the last four weeks, oldest first.", "health"),
    ColumnSpec("churn_risk", "Churn risk", None,
               "An open Churn Risk flag (health.md).", "a later issue (churn risk)"),
    ColumnSpec("primary_use_case", "Primary use case", "crosssell.selectors",
               "The account's primary use case (crosssell.md).", "cross-sell"),
    ColumnSpec("open_cards", "Open cards", "crosssell.selectors",
               "Open cross-sell recommendation cards.", "cross-sell"),
    ColumnSpec("quota_contribution", "Quota contribution", "quota.selectors",
               "This quarter's contribution to the TAM's attainment (quota.md).", "quota"),
    ColumnSpec("quota_multiplier", "Multiplier", "quota.selectors",
               "The latest invoice's paid-product multiplier (quota.md).", "quota"),
    ColumnSpec("plan_status", "Plan status", None,
               "Whether a current-quarter account plan exists (D-7).", "a later issue (account plans)"),
    ColumnSpec("relationship_rating", "Relationship", None,
               "The latest territory-review relationship rating (§1.10).",
               "a later issue (territory review)"),
    ColumnSpec("next_step", "Next step", None,
               "The latest territory-review next step (§1.10).", "a later issue (territory review)"),
    ColumnSpec("removal_candidate", "Removal candidate", None,
               "Why the account is a candidate to leave the book (B-2, accounts.removal_candidates).",
               "a later issue (removal candidates)"),
)
BY_KEY = {spec.key: spec for spec in COLUMNS}


@dataclass(frozen=True)
class Cell:
    spec: ColumnSpec
    value: object = None
    available: bool = False

    @property
    def tooltip(self) -> str:
        return self.spec.tooltip if self.available else self.spec.missing_tooltip

    def __str__(self) -> str:
        return MISSING if not self.available or self.value is None else str(self.value)


def _provider(module_path: str, function: str):
    try:
        module = importlib.import_module(module_path)
    except ImportError:
        return None
    return getattr(module, function, None)


def load(account_ids: Iterable[int], specs: Iterable[ColumnSpec] = COLUMNS) -> dict[int, dict[str, Cell]]:
    """Account id → column key → Cell; each provider function is called once, with all ids."""
    ids = list(dict.fromkeys(account_ids))
    specs = list(specs)
    answers: dict[tuple[str, str], dict[int, dict[str, object]] | None] = {}
    for spec in specs:
        target = (spec.module or "", spec.function)
        if spec.module is None or target in answers:
            continue
        provider = _provider(spec.module, spec.function)
        if provider is None:
            answers[target] = None
            continue
        answers[target] = provider(ids) if ids else {}
    result: dict[int, dict[str, Cell]] = {}
    for account_id in ids:
        cells: dict[str, Cell] = {}
        for spec in specs:
            answer = answers.get((spec.module or "", spec.function))
            row = answer.get(account_id) if answer else None
            if row is not None and spec.key in row:
                cells[spec.key] = Cell(spec, row[spec.key], True)
            else:
                cells[spec.key] = Cell(spec)
        result[account_id] = cells
    return result
