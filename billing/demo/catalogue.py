"""The demo's Stripe catalogue: one Stripe product per billed product key, and its prices.

Written once per run by `seed_static`; chunks look the ids up again by their fixed Stripe ids
(one query), so no state passes between the two through anything but the database.
"""

from dataclasses import dataclass
from decimal import Decimal

from billing.models import Product, StripePrice, StripeProduct

from .calendar import synced_at

# Billed product key → (Stripe's posthog_product_key, unit, list price in dollars per unit,
# free units a month). Product analytics carries Stripe's own key, resolved by the
# `posthog_analytics` alias (D-9). A line's quantity is the free units plus gross ÷ unit
# price, so quantities agree with the price's tiers.
METERED = {
    "product_analytics": ("posthog_analytics", "event", Decimal("0.00005"), 1_000_000),
    "session_replay": ("session_replay", "recording", Decimal("0.005"), 5_000),
    "feature_flags": ("feature_flags", "request", Decimal("0.0001"), 1_000_000),
    "error_tracking": ("error_tracking", "exception", Decimal("0.00037"), 100_000),
    "surveys": ("surveys", "response", Decimal("0.1"), 1_500),
    "logs": ("logs", "GB", Decimal("0.25"), 50),
    "llm_observability": ("llm_observability", "event", Decimal("0.00006"), 100_000),
    "data_warehouse": ("data_warehouse", "row", Decimal("0.000015"), 1_000_000),
    "data_pipelines": ("data_pipelines", "row", Decimal("0.000062"), 1_000_000),
    "workflows": ("workflows", "message", Decimal("0.0005"), 10_000),
    "group_analytics": ("group_analytics", "event", Decimal("0.0000071"), 1_000_000),
    "person_profiles": ("person_profiles", "event", Decimal("0.00009"), 1_000_000),
    "posthog_ai": ("posthog_ai", "credit", Decimal("0.01"), 2_000),
}
TEAMS_ADDON = "teams_addon"
TEAMS_ADDON_CENTS = "45000"
CREDITS_PRODUCT = "prod_demo_credits"
CREDITS_UPFRONT_PRICE = "price_demo_credits_upfront"  # $1 of credit per unit, one-off
CREDITS_MONTHLY_PRICE = "price_demo_credits_monthly"  # 1 cent per unit, billed monthly


def product_stripe_id(key: str) -> str:
    return f"prod_demo_{key}"


def price_stripe_id(key: str, plan: str = "default") -> str:
    return f"price_demo_{key}_{plan}"


@dataclass(frozen=True)
class LineProduct:
    """What a usage line of one product key needs: ids, label and how units are counted."""

    stripe_product_id: int
    price_id: int
    startup_price_id: int  # a licensed product has no startup price: its own
    name: str
    unit_price: Decimal | None  # None: a licensed price, quantity 1
    free_units: int


@dataclass(frozen=True)
class Catalogue:
    lines: dict[str, LineProduct]
    credits_product_id: int
    credits_upfront_price_id: int
    credits_monthly_price_id: int


def _tiers(unit_price: Decimal, free_units: int) -> list[dict]:
    cents = (unit_price * 100).normalize()
    return [
        {"up_to": free_units, "unit_amount_decimal": "0", "flat_amount_decimal": "0"},
        {"up_to": None, "unit_amount_decimal": f"{cents:f}", "flat_amount_decimal": "0"},
    ]


def seed_static(ctx) -> None:
    names = dict(Product.objects.values_list("key", "name"))
    billed = [*METERED, TEAMS_ADDON]
    product_ids = ctx.ids("billing.StripeProduct", len(billed) + 1)
    synced = synced_at(ctx.as_of)
    products: list[tuple] = [
        (pk, product_stripe_id(key), names[key], METERED.get(key, (key,))[0], key, key == TEAMS_ADDON, synced)
        for pk, key in zip(product_ids, billed, strict=False)
    ]
    products.append((product_ids[-1], CREDITS_PRODUCT, "Prepaid credits", "", None, False, synced))
    ctx.writer.write(
        StripeProduct,
        ["id", "stripe_id", "name", "posthog_product_key", "product_key_id", "is_fixed_fee", "synced_at"],
        products,
    )
    product_of = {key: pk for pk, key in zip(product_ids, billed, strict=False)}

    prices: list[tuple] = []
    for key, (_, unit, unit_price, free_units) in METERED.items():
        tiers = _tiers(unit_price, free_units)
        prices.append((key, "default", f"{names[key]} (per {unit})", tiers, "", None, ""))
        # Startup prices roll back to the default ones when the plan ends (B-14).
        prices.append(
            (key, "startup", f"{names[key]} — startup plan", tiers, "startup", 365, price_stripe_id(key))
        )
    price_ids = ctx.ids("billing.StripePrice", len(prices) + 3)
    rows: list[tuple] = [
        (
            pk, price_stripe_id(key, plan), product_of[key], nickname, "tiered", "graduated", tiers, None,
            "month", 1, "metered", meta_plan, valid_days, move_to, synced,
        )
        for pk, (key, plan, nickname, tiers, meta_plan, valid_days, move_to) in zip(
            price_ids, prices, strict=False
        )
    ]
    teams, upfront, monthly = price_ids[-3:]
    rows += [
        (teams, price_stripe_id(TEAMS_ADDON), product_of[TEAMS_ADDON], "Teams add-on (monthly)", "per_unit",
         "", [], Decimal(TEAMS_ADDON_CENTS), "month", 1, "licensed", "", None, "", synced),
        (upfront, CREDITS_UPFRONT_PRICE, product_ids[-1], "Prepaid credits (order form, upfront)", "per_unit",
         "", [], Decimal("100"), "", None, "licensed", "", None, "", synced),
        (monthly, CREDITS_MONTHLY_PRICE, product_ids[-1], "Credits subscription (amortized, monthly)",
         "per_unit", "", [], Decimal("1"), "month", 1, "licensed", "", None, "", synced),
    ]
    ctx.writer.write(
        StripePrice,
        [
            "id", "stripe_id", "product_id", "nickname", "billing_scheme", "tiers_mode", "tiers",
            "unit_amount_decimal", "recurring_interval", "recurring_interval_count", "usage_type",
            "meta_plan", "meta_valid_days", "meta_move_to_price_id", "synced_at",
        ],
        rows,
    )


def load_catalogue() -> Catalogue:
    """The ids seed_static wrote, found by their fixed Stripe ids (three queries)."""
    names = dict(Product.objects.values_list("key", "name"))
    product_ids = dict(
        StripeProduct.objects.filter(stripe_id__startswith="prod_demo_").values_list("stripe_id", "id")
    )
    price_ids = dict(
        StripePrice.objects.filter(stripe_id__startswith="price_demo_").values_list("stripe_id", "id")
    )
    lines = {
        key: LineProduct(
            product_ids[product_stripe_id(key)], price_ids[price_stripe_id(key)],
            price_ids[price_stripe_id(key, "startup")], names[key], unit_price, free_units,
        )
        for key, (_, _, unit_price, free_units) in METERED.items()
    }
    lines[TEAMS_ADDON] = LineProduct(
        product_ids[product_stripe_id(TEAMS_ADDON)], price_ids[price_stripe_id(TEAMS_ADDON)],
        price_ids[price_stripe_id(TEAMS_ADDON)], names[TEAMS_ADDON], None, 0,
    )
    return Catalogue(
        lines=lines,
        credits_product_id=product_ids[CREDITS_PRODUCT],
        credits_upfront_price_id=price_ids[CREDITS_UPFRONT_PRICE],
        credits_monthly_price_id=price_ids[CREDITS_MONTHLY_PRICE],
    )
