"""Reads for cross-sell pages, the API and the pipeline: reference data and settings in force,
the panel's rows and My book's columns, each in a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .engine import CatalogueEntry, PathStep, Policy, Reference
from .models import (
    AccountCrossSellState,
    AccountSignalEvent,
    ComplianceScreen,
    CrossSellPathway,
    CrossSellSettings,
    DiscoveryQuestion,
    ImplementationCheckItem,
    Recommendation,
    RecommendationKind,
    RecommendationStatus,
    TriggerEpisode,
    UseCase,
    UseCaseAssignment,
)

VISIBLE_CARD_STATUSES = (
    RecommendationStatus.OPEN,
    RecommendationStatus.SUPPRESSED,
    RecommendationStatus.SNOOZED,
)


def reference() -> Reference:
    """The catalogue (billing.Product, 1 query) and the use-case paths (UseCase, 1 query)."""
    from billing.selectors import product_catalogue

    catalogue = {
        p.key: CatalogueEntry(
            key=p.key,
            kind=p.kind,
            maturity=p.maturity,
            attribution_use_case=p.attribution_use_case,
            attribution_follows=p.attribution_follows,
            secondary_use_cases=tuple(p.secondary_use_cases or ()),
        )
        for p in product_catalogue()
    }
    default = Reference()
    paths = dict(default.paths)
    for uc in UseCase.objects.all():
        if uc.primary_path:
            paths[uc.key] = tuple(
                PathStep(
                    position=s["position"],
                    product=s["product"],
                    feature=s.get("feature"),
                    alternatives=tuple(s.get("alternatives") or ()),
                    companions=tuple(s.get("companions") or ()),
                    logic_text=s.get("logic_text", ""),
                )
                for s in uc.primary_path
            )
    return Reference(catalogue=catalogue or default.catalogue, paths=paths)


def settings_in_force() -> CrossSellSettings | None:
    return CrossSellSettings.objects.order_by("-id").first()


def policy_in_force() -> Policy:
    """P-6: the newest settings version over the handbook defaults (1 query)."""
    current = settings_in_force()
    return Policy.from_json(current.params if current else None)


def book_columns(account_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """My book's columns: `primary_use_case` (name, «Unclassified» when none) and `open_cards`
    (open product cards); two queries; accounts never evaluated are missing."""
    from django.db.models import Count

    from .engine import USE_CASE_NAMES

    ids = list(dict.fromkeys(account_ids))
    out: dict[int, dict[str, object]] = {}
    for account_id, primary in AccountCrossSellState.objects.filter(account_id__in=ids).values_list(
        "account_id", "primary_use_case"
    ):
        out[account_id] = {"primary_use_case": USE_CASE_NAMES.get(primary, "Unclassified"), "open_cards": 0}
    for account_id, count in (
        Recommendation.objects.filter(
            account_id__in=ids, kind=RecommendationKind.PRODUCT_CARD, status=RecommendationStatus.OPEN
        )
        .values_list("account_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out.setdefault(account_id, {"primary_use_case": "Unclassified", "open_cards": 0})["open_cards"] = (
            count
        )
    return out


def use_case_rows(account_id: int) -> list[UseCaseAssignment]:
    """The seven use-case tiles (CLS-2…5), ranked; one query. The pipeline stores no row for a
    use case with nothing to show («none», not live, $0, no products or members): it is filled
    in here, unsaved, with the model's defaults."""
    from .engine import USE_CASES

    stored = {u.use_case: u for u in UseCaseAssignment.objects.filter(account_id=account_id)}
    rows = [
        stored.get(uc)
        or UseCaseAssignment(account_id=account_id, use_case=uc, evidence={"computed_status": "none"})
        for uc in USE_CASES
    ]
    order = {uc: i for i, uc in enumerate(USE_CASES)}
    return sorted(rows, key=lambda u: (u.rank is None, u.rank or 0, order[u.use_case]))


@dataclass
class Panel:
    state: AccountCrossSellState | None
    use_cases: list[UseCaseAssignment]
    cards: list[Recommendation]
    suppressed: list[Recommendation]
    tasks: list[Recommendation]
    hidden: list[Recommendation]  # dismissed, expired, actioned
    events: list[AccountSignalEvent]
    check_items: list[ImplementationCheckItem]
    screen: ComplianceScreen | None
    episodes: list[TriggerEpisode]
    questions: dict[str, list[DiscoveryQuestion]]
    general_questions: list[DiscoveryQuestion]
    use_case_questions: dict[str, list[DiscoveryQuestion]]  # DQ-2, by use case
    pathways: dict[str, CrossSellPathway]  # UC-3 rows from the primary use case, by product
    contacts: list  # org members and org owners (the org-owner toggle, PAUSE-8 / LOOK-10)


def account_panel(account_id: int) -> Panel:
    """Everything P-1 shows for one account, in eleven queries."""
    from accounts.models import Contact

    state = AccountCrossSellState.objects.filter(account_id=account_id).first()
    use_cases = use_case_rows(account_id)
    recs = list(Recommendation.objects.filter(account_id=account_id).order_by("rank", "key"))
    cards = [r for r in recs if r.kind == RecommendationKind.PRODUCT_CARD]
    questions: dict[str, list[DiscoveryQuestion]] = {}
    general: list[DiscoveryQuestion] = []
    by_use_case: dict[str, list[DiscoveryQuestion]] = {}
    for q in DiscoveryQuestion.objects.filter(
        scope__in=(
            DiscoveryQuestion.Scope.GENERAL,
            DiscoveryQuestion.Scope.PRODUCT,
            DiscoveryQuestion.Scope.USE_CASE,
        )
    ).order_by("scope", "order", "id"):
        if q.scope == DiscoveryQuestion.Scope.GENERAL:
            general.append(q)
        elif q.scope == DiscoveryQuestion.Scope.USE_CASE:
            by_use_case.setdefault(q.use_case, []).append(q)
        elif q.product:
            questions.setdefault(q.product, []).append(q)
    pathways: dict[str, CrossSellPathway] = {}
    if state and state.primary_use_case:
        for row in CrossSellPathway.objects.filter(from_use_case=state.primary_use_case).exclude(product=""):
            pathways.setdefault(row.product, row)
    return Panel(
        state=state,
        use_cases=use_cases,
        cards=[r for r in cards if r.status == RecommendationStatus.OPEN],
        suppressed=[
            r for r in cards if r.status in (RecommendationStatus.SUPPRESSED, RecommendationStatus.SNOOZED)
        ],
        tasks=[r for r in recs if r.kind == RecommendationKind.TASK and r.status in VISIBLE_CARD_STATUSES],
        hidden=[r for r in cards if r.status not in VISIBLE_CARD_STATUSES],
        events=list(
            AccountSignalEvent.objects.filter(account_id=account_id).order_by("-occurred_on", "-id")[:20]
        ),
        check_items=list(ImplementationCheckItem.objects.filter(account_id=account_id)),
        screen=ComplianceScreen.objects.filter(account_id=account_id).first(),
        episodes=list(TriggerEpisode.objects.filter(account_id=account_id).order_by("-started_on")[:20]),
        questions=questions,
        general_questions=general,
        use_case_questions=by_use_case,
        pathways=pathways,
        contacts=list(
            Contact.objects.filter(account_id=account_id)
            .exclude(status="left", is_org_owner=False)
            .filter(Q(org_member=True) | Q(is_org_owner=True))
            .order_by("-is_org_owner", "name", "id")
        ),
    )


def settings_versions(limit: int = 20) -> list[CrossSellSettings]:
    return list(CrossSellSettings.objects.select_related("created_by").order_by("-id")[:limit])
