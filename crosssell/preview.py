"""The adapter between `POST /api/v1/crosssell/preview` and the engine (contracts.md).

It runs `crosssell.engine.evaluate` — the function the nightly pipeline's classify, evaluate
and build steps run — on the request alone, with the reference data and settings in force,
and renders the answer in the contract's shape. It writes nothing.
"""

from datetime import date
from typing import Any

from .engine import USE_CASES, Evaluation, evaluate
from .engine.cards import Card
from .preview_request import parse_request


def _money(value) -> str:
    return f"{value:.2f}"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def render_card(card: Card) -> dict[str, Any]:
    return {
        "product": card.product,
        "feature": card.feature,
        "status": card.status,
        "tier": card.tier,
        "motion": card.motion,
        "use_case": card.use_case,
        "maturity": card.maturity,
        "why_now": {
            key: {"kind": item.kind, "ref": item.ref, "label": item.label}
            for key, item in card.why_now.items()
        },
        "why_not_now": {
            key: {"label": item.label, "reopens_when": item.reopens_when, "reopens_on": _iso(item.reopens_on)}
            for key, item in card.why_not_now.items()
        },
    }


def render(result: Evaluation) -> dict[str, Any]:
    cls = result.classification
    upcoming = result.next_product
    return {
        "as_of": result.as_of_facts.as_of.isoformat(),
        "primary_use_case": cls.primary,
        "secondary_use_cases": list(cls.secondary),
        "overrides_applied": list(cls.overrides_applied),
        "use_cases": {
            uc: {
                "live": r.live,
                "attributed_spend": _money(r.attributed_spend),
                "active_products": r.active_products,
                "core_buyer_active_members": r.core_buyer_active_members,
                "status": r.status,
                "rank": r.rank,
            }
            for uc in USE_CASES
            for r in [cls.use_cases[uc]]
        },
        "ai_signal": result.ai_signal,
        "billing_type": result.as_of_facts.billing_type,
        "contract_month": result.window.contract_month,
        "window": result.window.name,
        "days_since_paid_start": result.days_since_paid_start,
        "triggers": list(result.triggers),
        "path": [
            {"position": s.position, "product": s.product, "feature": s.feature, "state": s.state}
            for s in result.path
        ],
        "next_product": None
        if upcoming is None
        else {
            "product": upcoming.product,
            "feature": upcoming.feature,
            "use_case": upcoming.use_case,
            "position": upcoming.position,
            "maturity": upcoming.maturity,
            "label": upcoming.label,
        },
        "cards": {card.key: render_card(card) for card in result.cards},
        "notes": list(result.notes),
    }


def preview(data: Any, *, today: date) -> dict[str, Any]:
    """Parse (PreviewRequestError on bad input), evaluate, render."""
    from . import selectors

    reference = selectors.reference()
    facts = parse_request(data, product_keys=frozenset(reference.catalogue), today=today)
    return render(evaluate(facts, reference=reference, policy=selectors.policy_in_force()))
