"""The adapter between `POST /api/v1/quota/preview` and the quota engine (Q-16).

The preview runs `quota.engine.compute_contribution`, the function the stored pipeline runs, on
the request alone. The catalogue (product keys, and the quota primary products in catalogue
order) is billing's, read through `billing.selectors`.
"""

from dataclasses import dataclass

from .engine import ContributionInput, ContributionResult, Quarter, QuotaPolicy, compute_contribution


@dataclass(frozen=True)
class Catalogue:
    keys: frozenset[str]
    primary_products: tuple[str, ...]  # contracts.md Product keys table order (billing's display order)


def product_catalogue() -> Catalogue:
    """Every product key and the ordered quota primary set, in one query."""
    from billing.selectors import product_catalogue as billing_catalogue

    rows = list(billing_catalogue().values_list("key", "is_quota_primary"))
    return Catalogue(
        keys=frozenset(key for key, _ in rows),
        primary_products=tuple(key for key, primary in rows if primary),
    )


def quota_policy(catalogue: Catalogue, quarter: Quarter | None = None) -> QuotaPolicy:
    """QD-27: the published QuotaPolicyVersion in force on the quarter's first day; without one
    (or without a quarter) the handbook defaults over today's catalogue."""
    from .policies import engine_policy, version_in_force

    version = version_in_force(quarter) if quarter is not None else None
    return engine_policy(version, primary_products=catalogue.primary_products)


def preview_contribution(
    facts: ContributionInput, *, catalogue: Catalogue | None = None
) -> ContributionResult:
    """Q-16: Q-1…Q-10 on the request only; the answer is before Q-11, Q-12 and C-4…C-6."""
    return compute_contribution(facts, quota_policy(catalogue or product_catalogue(), facts.quarter))
