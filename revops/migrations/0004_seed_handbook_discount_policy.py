"""Seed the handbook's discount policy (revops.md P-2, P-4 and the parameter defaults) as the first
published version, in force from 2020-01-01 so every demo and test date has a version (V-2).

The values are written out here, not imported, so this migration keeps meaning what it meant.
"""

from datetime import UTC, date, datetime

from django.db import migrations

TIERS = [  # P-2, half-open (RD-1); the open top tier is custom pricing (P-12)
    ("25000.00", "60000.00", "20.00", "$25-59k"),
    ("60000.00", "100000.00", "25.00", "$60-99k"),
    ("100000.00", "250000.00", "30.00", "$100-249k"),
    ("250000.00", "500000.00", "35.00", "$250-499k"),
    ("500000.00", "1000000.00", "40.00", "$500-999k"),
    ("1000000.00", None, None, "$1M+: contact us for custom pricing"),
]
COMMITMENT = [(1, "0.00"), (2, "3.00"), (3, "5.00")]  # P-4
PARAMETERS = {
    "custom_from_years": "4",
    "standard_net_days": "30", "upfront_bonus_per_extra_year": "2.5",
    "extended_penalty_per_block": "2.5", "penalty_block_days": "15",
    "forecast_new_pct": "5", "early_renewal_pct": "5", "early_renewal_min_days": "60",
    "selfserve_min_paid_invoices": "3", "selfserve_min_avg_last3": "280.00",
    "selfserve_below_volume_pct": "10", "selfserve_tranches": "12", "selfserve_tranche_expiry_months": "12",
    "nonprofit_below_volume_pct": "15", "nonprofit_band_min": "25000.00", "nonprofit_band_max": "100000.00",
    "nonprofit_band_extra_pct": "5",
    "startup_free_fraction": "0.1666666666666666666666666667", "buyout_max_months": "6",
    "buyout_min_annual": "20000.00", "nb_renewal_target_pct": "40", "rollover_max_fraction": "0.5",
    "first_half_fraction": "0.5", "bridge_months": "2", "sla_min_arr": "100000.00",
    "legal_min_annual": "20000.00", "customer_paper_min": "200000.00", "custom_baa_min": "20000.00",
}  # fmt: skip
EFFECTIVE_FROM = date(2020, 1, 1)


def seed(apps, schema_editor):
    Version = apps.get_model("revops", "DiscountPolicyVersion")
    Tier = apps.get_model("revops", "VolumeTier")
    Commitment = apps.get_model("revops", "CommitmentRule")
    if Version.objects.filter(status="published").exists():
        return
    version = Version.objects.create(
        status="published",
        effective_from=EFFECTIVE_FROM,
        parameters=PARAMETERS,
        published_at=datetime(2020, 1, 1, tzinfo=UTC),
        created_at=datetime(2020, 1, 1, tzinfo=UTC),
        notes="The handbook's contract rules (seed 003, section Contract rules).",
    )
    for position, (low, high, pct, label) in enumerate(TIERS, start=1):
        Tier.objects.create(
            version=version, position=position, min_credit=low, max_credit=high, discount_pct=pct, label=label
        )
    for position, (years, pct) in enumerate(COMMITMENT, start=1):
        Commitment.objects.create(version=version, position=position, years=years, discount_pct=pct)


def unseed(apps, schema_editor):
    Version = apps.get_model("revops", "DiscountPolicyVersion")
    Version.objects.filter(effective_from=EFFECTIVE_FROM, created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("revops", "0003_discount_policy_and_quotes")]
    operations = [migrations.RunPython(seed, unseed)]
