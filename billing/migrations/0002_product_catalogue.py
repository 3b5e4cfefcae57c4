"""The default catalogue: every contracts.md key, both product sets, crosssell.md's attributes."""

from django.db import migrations

PI, RE, OBS, GM, AI, DI, CX = (
    "product_intelligence", "release_engineering", "observability", "growth_marketing",
    "ai_llm_observability", "data_infrastructure", "customer_experience",
)
ALL_USE_CASES = [PI, RE, OBS, GM, AI, DI, CX]

# key, name, quota primary, core, kind, maturity, maturity note, attributes to, follows,
# secondary use cases, counts for adoption, active = (trailing 30 days unless said)
CATALOGUE = [
    ("product_analytics", "Product Analytics", True, False, "product", "ga", "", PI, "", [GM, AI, CX], True, "analytics events ingested > 0"),
    ("web_analytics", "Web Analytics", False, False, "product", "ga", "not billed separately", GM, "", [], True, "≥1 Web Analytics dashboard view by a member"),
    ("marketing_analytics", "Marketing Analytics", False, False, "product", "beta", "", GM, "", [], True, "≥1 ad source connected and ≥1 view"),
    ("session_replay", "Session Replay (web and mobile)", True, True, "product", "ga", "", PI, "", [RE, OBS, AI, CX], True, "recordings captured > 0"),
    ("feature_flags", "Feature Flags", True, True, "product", "ga", "", RE, "", [], True, "flag requests > 0"),
    ("experiments", "Experiments (billed with Feature Flags)", False, False, "product", "ga", "billed with feature_flags", RE, "", [PI, AI, GM, CX], True, "≥1 experiment launched or running in 90 d"),
    ("surveys", "Surveys", True, False, "product", "ga", "", PI, "", [GM, CX], True, "≥1 active survey or responses > 0"),
    ("error_tracking", "Error Tracking", True, True, "product", "ga", "", OBS, "", [AI, CX], True, "exceptions captured > 0"),
    ("logs", "Logs", True, False, "product", "beta", "", OBS, "", [CX], True, "log lines ingested > 0"),
    ("llm_observability", 'AI / LLM Observability ("LLM analytics")', True, False, "product", "ga", "feature set is newer than Langfuse", AI, "", [CX], True, "LLM generation/trace events > 0"),
    ("posthog_ai", "PostHog AI", True, False, "product", "ga", "", "horizontal", "", ALL_USE_CASES, True, "≥1 PostHog AI conversation"),
    ("data_warehouse", "Data Warehouse", True, False, "product", "ga", "", DI, "", [], True, "rows synced from ≥1 external source > 0"),
    ("data_pipelines", "Data Pipelines / CDP Destinations / Batch Exports", True, False, "product", "ga", "", DI, "", [GM], True, "≥1 batch export or destination with rows sent > 0"),
    ("workflows", "Workflows", True, False, "product", "ga", "Workflows is new", GM, "", [PI], True, "≥1 active workflow"),
    ("group_analytics", "Group Analytics add-on", False, False, "addon", "ga", "", "", "product_analytics", [], True, "plan active and group_count > 0"),
    ("person_profiles", "Person Profiles (identified events)", False, False, "addon", "ga", "", "", "product_analytics", [], False, "identified events > 0"),
    ("revenue_analytics", "Revenue Analytics", False, False, "product", "beta", "needs data_warehouse (D-33)", DI, "", [], True, "≥1 revenue source connected"),
    ("teams_addon", "Teams add-on", False, False, "addon", "ga", "", "", "", [], False, "subscription active"),
    ("boost_package", "Boost package", False, False, "package", "ga", "", "", "", [], False, "subscription active"),
    ("scale_package", "Scale package", False, False, "package", "ga", "", "", "", [], False, "subscription active"),
    ("enterprise_package", "Enterprise package", False, False, "package", "ga", "", "", "", [], False, "subscription active"),
]


def load(apps, schema_editor):
    Product = apps.get_model("billing", "Product")
    for order, row in enumerate(CATALOGUE, start=1):
        key, name, primary, core, kind, maturity, note, uc, follows, secondary, counts, usage = row
        Product.objects.update_or_create(
            key=key,
            defaults=dict(
                name=name, display_order=order, is_quota_primary=primary, is_core=core,
                kind=kind, maturity=maturity, maturity_note=note, attribution_use_case=uc,
                attribution_follows=follows, secondary_use_cases=secondary,
                counts_for_adoption=counts, usage_definition=usage,
            ),
        )


def unload(apps, schema_editor):
    apps.get_model("billing", "Product").objects.filter(key__in=[r[0] for r in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
