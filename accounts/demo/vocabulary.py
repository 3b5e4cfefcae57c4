"""The demo's vocabulary: adoption paths, spend shares, sizes and names (pure data)."""

from decimal import Decimal

CENT = Decimal("0.01")

# UC-1 primary expansion paths (crosssell.md), as the order products get adopted.
ADOPTION_PATHS = {
    "product_intelligence": [
        "product_analytics",
        "session_replay",
        "surveys",
        "feature_flags",
        "experiments",
        "workflows",
    ],
    "release_engineering": ["feature_flags", "experiments", "session_replay", "product_analytics"],
    "observability": ["error_tracking", "session_replay", "logs", "product_analytics"],
    "growth_marketing": [
        "web_analytics",
        "marketing_analytics",
        "product_analytics",
        "feature_flags",
        "experiments",
        "data_pipelines",
        "workflows",
        "surveys",
    ],
    "ai_llm_observability": [
        "llm_observability",
        "product_analytics",
        "experiments",
        "feature_flags",
        "error_tracking",
        "session_replay",
    ],
    "data_infrastructure": ["data_warehouse", "product_analytics", "data_pipelines"],
    "customer_experience": ["product_analytics", "session_replay", "error_tracking", "logs", "surveys"],
}
# "Most start with product analytics": the entry use case, weighted.
USE_CASE_WEIGHTS = {
    "product_intelligence": 48,
    "customer_experience": 10,
    "growth_marketing": 10,
    "release_engineering": 11,
    "observability": 9,
    "ai_llm_observability": 7,
    "data_infrastructure": 5,
}
# Share of a customer's usage bill per billed product (web/marketing analytics and experiments
# are not billed on their own lines).
SPEND_WEIGHT = {
    "product_analytics": Decimal("1.00"),
    "session_replay": Decimal("0.60"),
    "feature_flags": Decimal("0.30"),
    "error_tracking": Decimal("0.35"),
    "surveys": Decimal("0.08"),
    "logs": Decimal("0.15"),
    "llm_observability": Decimal("0.45"),
    "data_warehouse": Decimal("0.40"),
    "data_pipelines": Decimal("0.20"),
    "workflows": Decimal("0.06"),
    "group_analytics": Decimal("0.12"),
    "person_profiles": Decimal("0.05"),
    "posthog_ai": Decimal("0.04"),
}
UNBILLED = {"web_analytics", "marketing_analytics", "experiments"}
TEAMS_ADDON_MONTHLY = Decimal("450.00")

CONFIGURATIONS = (
    "FREE",
    "PAID",
    "STARTUP",
    "ENTERPRISE_YEARLY_CREDIT",
    "ENTERPRISE_AMORTIZED_CREDIT",
    "LEGACY",
)
TRAJECTORIES = ("growing", "steady", "declining", "seasonal", "spiky", "churned", "new")
SIZE_TIERS = {  # tier: (share, min monthly, max monthly)
    "small": (52, 40, 1_500),
    "mid": (27, 1_700, 4_900),
    "large": (16, 5_000, 18_000),
    "top": (5, 20_000, 70_000),
}
BUSINESS_TYPES = [
    "B2B SaaS",
    "E-commerce",
    "Marketplace",
    "Developer Tools",
    "Fintech",
    "Healthcare",
    "Other",
]
STAGES = ["Seed", "Series A", "Series B", "Series C+", "Public", "Bootstrapped", "Acquired"]
COUNTRIES = {"US": ["US", "US", "US", "CA", "BR"], "EU": ["GB", "DE", "FR", "NL", "SE", "ES", "PL"]}
NAME_LEFT = [
    "Acme",
    "Blue",
    "Nimbus",
    "Orbit",
    "Pine",
    "Quanta",
    "Ridge",
    "Sable",
    "Tidal",
    "Umber",
    "Vela",
    "Wren",
    "Zephyr",
    "Atlas",
    "Birch",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Maple",
    "Nova",
    "Onyx",
    "Prism",
    "Quill",
]
NAME_RIGHT = [
    "Labs",
    "Health",
    "Pay",
    "Commerce",
    "Cloud",
    "AI",
    "Data",
    "Studio",
    "Works",
    "Systems",
    "Analytics",
    "Logistics",
    "Bank",
    "Learn",
    "Travel",
    "Games",
    "Foods",
    "Security",
    "Mobility",
    "HQ",
]
