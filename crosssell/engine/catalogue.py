"""Use cases, their paths and the catalogue attributes the rules read (UC-1, UC-2, CAT-1…3, D-1).

Pure data: the defaults a fresh install starts from. The stored reference rows (UseCase,
billing.Product) are loaded into these same shapes by `crosssell.selectors`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

PI, RE, OBS, GM, AI, DI, CX = (
    "product_intelligence",
    "release_engineering",
    "observability",
    "growth_marketing",
    "ai_llm_observability",
    "data_infrastructure",
    "customer_experience",
)
USE_CASES: tuple[str, ...] = (PI, RE, OBS, GM, AI, DI, CX)  # display order (CLS-4 tie-break)
USE_CASE_NAMES: Mapping[str, str] = {
    PI: "Product Intelligence",
    RE: "Release Engineering",
    OBS: "Observability",
    GM: "Growth & Marketing",
    AI: "AI/LLM Observability",
    DI: "Data Infrastructure",
    CX: "Customer Experience",
}

FAMILIES: tuple[str, ...] = (
    "engineering",
    "ai_ml",
    "data",
    "product",
    "marketing_growth",
    "support_cs",
    "sales",
    "leadership",
    "other",
)
# CLS-5: the family whose active members count for each use case.
CORE_BUYER_FAMILY: Mapping[str, str] = {
    PI: "product",
    RE: "engineering",
    OBS: "engineering",
    GM: "marketing_growth",
    AI: "ai_ml",
    DI: "data",
    CX: "support_cs",
}
# Entities: a contact's team when it has no department, by this precedence.
TEAM_PRECEDENCE: tuple[str, ...] = (
    "support_cs",
    "data",
    "ai_ml",
    "marketing_growth",
    "product",
    "sales",
    "engineering",
    "leadership",
    "other",
)

PRODUCT_LABELS: Mapping[str, str] = {
    "product_analytics": "Product Analytics",
    "web_analytics": "Web Analytics",
    "marketing_analytics": "Marketing Analytics",
    "session_replay": "Session Replay",
    "feature_flags": "Feature Flags",
    "experiments": "Experiments",
    "surveys": "Surveys",
    "error_tracking": "Error Tracking",
    "logs": "Logs",
    "llm_observability": "LLM Observability",
    "posthog_ai": "PostHog AI",
    "data_warehouse": "Data Warehouse",
    "data_pipelines": "Data Pipelines",
    "workflows": "Workflows",
    "group_analytics": "Group Analytics",
    "person_profiles": "Person Profiles",
    "revenue_analytics": "Revenue Analytics",
    "teams_addon": "Teams add-on",
    "boost_package": "Boost package",
    "scale_package": "Scale package",
    "enterprise_package": "Enterprise package",
    "llm_observability:ai_evals": "AI Evals",
    "data_pipelines:batch_exports": "Batch Exports",
}


def label(product: str, feature: str | None = None) -> str:
    key = f"{product}:{feature}" if feature else product
    return PRODUCT_LABELS.get(key, key)


@dataclass(frozen=True)
class CatalogueEntry:
    """crosssell.md ProductCatalogEntry: the attributes of one contracts.md key the rules read."""

    key: str
    kind: str = "product"  # product | addon | package
    maturity: str = "ga"  # ga | beta | alpha | roadmap
    attribution_use_case: str = ""  # a UC key, "horizontal" or "" (never attributed)
    attribution_follows: str = ""  # CLS-2: group_analytics, person_profiles follow product_analytics
    secondary_use_cases: tuple[str, ...] = ()

    @property
    def is_addon_or_package(self) -> bool:
        return self.kind in ("addon", "package")


def _entry(key, kind, maturity, uc, follows="", secondary=()):
    return CatalogueEntry(key, kind, maturity, uc, follows, tuple(secondary))


ALL = USE_CASES
# The billing 0002 migration's defaults (crosssell.md Entities table), for tests and a bare engine.
DEFAULT_CATALOGUE: Mapping[str, CatalogueEntry] = {
    e.key: e
    for e in (
        _entry("product_analytics", "product", "ga", PI, secondary=(GM, AI, CX)),
        _entry("web_analytics", "product", "ga", GM),
        _entry("marketing_analytics", "product", "beta", GM),
        _entry("session_replay", "product", "ga", PI, secondary=(RE, OBS, AI, CX)),
        _entry("feature_flags", "product", "ga", RE),
        _entry("experiments", "product", "ga", RE, secondary=(PI, AI, GM, CX)),
        _entry("surveys", "product", "ga", PI, secondary=(GM, CX)),
        _entry("error_tracking", "product", "ga", OBS, secondary=(AI, CX)),
        _entry("logs", "product", "beta", OBS, secondary=(CX,)),
        _entry("llm_observability", "product", "ga", AI, secondary=(CX,)),
        _entry("posthog_ai", "product", "ga", "horizontal", secondary=ALL),
        _entry("data_warehouse", "product", "ga", DI),
        _entry("data_pipelines", "product", "ga", DI, secondary=(GM,)),
        _entry("workflows", "product", "ga", GM, secondary=(PI,)),
        _entry("group_analytics", "addon", "ga", "", follows="product_analytics"),
        _entry("person_profiles", "addon", "ga", "", follows="product_analytics"),
        _entry("revenue_analytics", "product", "beta", DI),
        _entry("teams_addon", "addon", "ga", ""),
        _entry("boost_package", "package", "ga", ""),
        _entry("scale_package", "package", "ga", ""),
        _entry("enterprise_package", "package", "ga", ""),
    )
}


@dataclass(frozen=True)
class PathStep:
    """One step of a use case's primary expansion path (UC-1, UC-2).

    `alternatives` is an «A / B» step (adopted when either is active, D-18 picks the one shown);
    `companions` an «A + B» step's second product, which neither adopts the step nor takes its
    card ("Experiments require Feature Flags").
    """

    position: int
    product: str
    feature: str | None = None
    alternatives: tuple[str, ...] = ()
    companions: tuple[str, ...] = ()
    logic_text: str = ""

    @property
    def key(self) -> str:
        return f"{self.product}:{self.feature}" if self.feature else self.product


def _path(*steps) -> tuple[PathStep, ...]:
    out = []
    for position, step in enumerate(steps, start=1):
        if isinstance(step, str):
            product, _, feature = step.partition(":")
            out.append(PathStep(position, product, feature or None))
        else:
            out.append(PathStep(position, **step))
    return tuple(out)


EXPERIMENTS_WITH_FLAGS = {"product": "experiments", "companions": ("feature_flags",)}
# UC-1's "Primary expansion path (in order)" column.
DEFAULT_PATHS: Mapping[str, tuple[PathStep, ...]] = {
    PI: _path("product_analytics", "session_replay", "surveys", EXPERIMENTS_WITH_FLAGS, "workflows"),
    RE: _path("feature_flags", "experiments", "session_replay"),
    OBS: _path("error_tracking", "session_replay", "logs", "product_analytics"),
    GM: _path(
        "web_analytics",
        "marketing_analytics",
        "product_analytics",
        EXPERIMENTS_WITH_FLAGS,
        "data_pipelines",
        "workflows",
        "surveys",
    ),
    AI: _path(
        "llm_observability",
        "llm_observability:ai_evals",
        "product_analytics",
        "experiments",
        "error_tracking",
        "session_replay",
    ),
    DI: _path("data_warehouse", "product_analytics", "data_pipelines:batch_exports"),
    CX: _path(
        "product_analytics",
        "session_replay",
        "error_tracking",
        {"product": "logs", "alternatives": ("logs", "llm_observability")},
        "surveys",
    ),
}


@dataclass(frozen=True)
class Reference:
    """Everything the rules read from reference data: the catalogue and the paths."""

    catalogue: Mapping[str, CatalogueEntry] = field(default_factory=lambda: DEFAULT_CATALOGUE)
    paths: Mapping[str, tuple[PathStep, ...]] = field(default_factory=lambda: DEFAULT_PATHS)

    def entry(self, key: str) -> CatalogueEntry:
        return self.catalogue.get(key) or CatalogueEntry(key)

    def maturity(self, product: str) -> str:
        return self.entry(product).maturity
