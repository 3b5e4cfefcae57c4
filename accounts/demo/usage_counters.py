"""The demo's `product_usage` counters, named as `accounts.engine.usage.PRODUCT_COUNTERS` (pure).

A flow counter's day value is the account's level that day times its rate, never below a floor
that keeps a small account's "active" rule true; a level counter (LEVEL_COUNTERS) is a standing
number that grows slowly with the months since the product was adopted.
"""

import random

from .story import AccountStory

EVENTS_PER_LEVEL = 700.0  # events a day per unit of level (about $1 of monthly analytics spend)
SIZE = {"small": 1.0, "mid": 2.0, "large": 4.0, "top": 8.0}

# product → ((counter, per unit of level a day, floor a day), …)
FLOWS: dict[str, tuple[tuple[str, float, float], ...]] = {
    "product_analytics": (
        ("insights_created", 0.003, 0.4), ("hogql_queries", 0.02, 0.3), ("anonymous_events", 200.0, 200.0),
    ),
    "web_analytics": (
        ("web_analytics_dashboard_views", 0.008, 1.0), ("web_analytics_page_views", 100.0, 100.0),
    ),
    "marketing_analytics": (("marketing_analytics_views", 0.004, 1.0),),
    "session_replay": (
        ("recordings_captured", 3.0, 10.0), ("recordings_analysed", 0.03, 0.5),
        ("replay_views_error_filtered", 0.006, 0.1), ("replay_views_flag_filtered", 0.003, 0.05),
        ("replay_console_network", 0.008, 0.2),
    ),
    "feature_flags": (("flag_requests", 2000.0, 500.0), ("flags_created", 0.002, 0.1)),
    "experiments": (("experiments_launched", 0.0003, 0.03), ("experiment_page_views", 0.5, 20.0)),
    "surveys": (("survey_responses", 0.02, 1.0),),
    "error_tracking": (("exceptions_captured", 25.0, 20.0),),
    "logs": (("log_lines", 8000.0, 2000.0),),
    "llm_observability": (("llm_events", 120.0, 50.0), ("eval_runs", 0.01, 0.2)),
    "posthog_ai": (("ai_conversations", 0.005, 0.6),),
    "data_warehouse": (("rows_synced", 400.0, 500.0),),
    "data_pipelines": (("batch_export_rows", 300.0, 1000.0), ("realtime_destination_events", 80.0, 100.0)),
    "workflows": (("workflow_runs", 0.3, 3.0),),
    "person_profiles": (("identified_events", 150.0, 100.0), ("person_profile_lookups", 0.05, 1.0)),
}
# product → ((counter, value for a small account, cap), …)
LEVELS: dict[str, tuple[tuple[str, float, int], ...]] = {
    "product_analytics": (("dashboards_shared_with_3plus", 2, 60), ("signup_checkout_funnels", 1, 8)),
    "marketing_analytics": (("ad_sources_connected", 1, 5),),
    "feature_flags": (("active_flags", 8, 400),),
    "experiments": (("experiments_running", 1, 12),),
    "surveys": (("active_surveys", 1, 10),),
    "error_tracking": (("alerts_on_exceptions", 2, 40), ("insights_on_exceptions", 1, 30)),
    "data_warehouse": (("external_data_schemas", 2, 40), ("insights_on_warehouse_tables", 1, 60)),
    "data_pipelines": (("running_batch_exports", 1, 12),),
    "workflows": (("active_workflows", 1, 25),),
    "group_analytics": (("group_count", 150, 500_000),),
    "revenue_analytics": (("revenue_sources_connected", 1, 4),),
}
BATCH_EXPORT = frozenset({"batch_export_rows", "running_batch_exports"})

Flows = tuple[tuple[str, float, float], ...]


class AccountCounters:
    """One account's counter set: which counters each adopted product carries, and its levels."""

    def __init__(self, story: AccountStory, rng: random.Random, exports: bool) -> None:
        size = SIZE[story.tier]
        self.story = story
        self.flows: dict[str, Flows] = {}
        self.levels: dict[str, list[tuple[str, float, int]]] = {}
        self.since = dict(story.adopted)
        for key, _ in story.adopted:
            if key not in FLOWS and key not in LEVELS:
                continue  # packages and the Teams add-on have no usage counters
            flows = FLOWS.get(key, ())
            levels = LEVELS.get(key, ())
            if key == "data_pipelines" and not exports:  # realtime destinations only
                flows = tuple(f for f in flows if f[0] not in BATCH_EXPORT)
                levels = tuple(v for v in levels if v[0] not in BATCH_EXPORT)
            self.flows[key] = flows
            self.levels[key] = [(n, base * size * rng.uniform(0.6, 1.8), cap) for n, base, cap in levels]
        self._months: dict[int, list[tuple[str, Flows, dict[str, int]]]] = {}

    def month(self, m: int) -> list[tuple[str, Flows, dict[str, int]]]:
        """(product, flows, level values) for the products in use in month index `m`."""
        if m not in self._months:
            out = []
            for key in self.story.products_in(m):
                if key in self.flows:
                    grown = 1 + 0.04 * (m - self.since[key])
                    fixed = {n: min(cap, max(1, round(v * grown))) for n, v, cap in self.levels[key]}
                    out.append((key, self.flows[key], fixed))
            self._months[m] = out
        return self._months[m]
