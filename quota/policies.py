"""The quota policy in force (QD-27) and the engine's QuotaPolicy built from a stored version.

`preview.quota_policy` and the recompute both come here, so a published QuotaPolicyVersion
changes the preview and the stored figures alike.
"""

from datetime import timedelta

from .engine import Quarter, QuotaPolicy
from .models import PeriodStatus, PolicyStatus, QuotaPeriod, QuotaPolicyVersion

HANDBOOK_DEFAULTS = QuotaPolicy()


def version_in_force(quarter: Quarter) -> QuotaPolicyVersion | None:
    """QD-27: the latest published version effective on or before the quarter's first day."""
    return (
        QuotaPolicyVersion.objects.filter(
            status=PolicyStatus.PUBLISHED, effective_from__lte=quarter.first_day
        )
        .order_by("-effective_from", "-id")
        .first()
    )


def engine_policy(
    version: QuotaPolicyVersion | None, *, primary_products: tuple[str, ...] | None = None
) -> QuotaPolicy:
    """The engine's parameters from a stored version; with none, the handbook defaults."""
    if version is None:
        return QuotaPolicy(primary_products=primary_products or HANDBOOK_DEFAULTS.primary_products)
    return QuotaPolicy(
        primary_products=tuple(version.primary_products) or HANDBOOK_DEFAULTS.primary_products,
        paid_threshold=version.paid_threshold,
        multiplier_base=version.multiplier_base,
        multiplier_step=version.multiplier_step,
        multiplier_zero_paid=version.multiplier_zero_paid,
        multiplier_cap=version.multiplier_cap,
        grace_months=version.grace_months,
        cutoff_day=version.cutoff_day,
        min_lifetime_paid_invoices=version.min_lifetime_paid_invoices,
        ramping_team_factor=version.ramping_team_factor,
        ramp_day=version.ramp_day,
        ramp_months=version.ramp_months,
    )


def payout_date(quarter: Quarter):
    """C-3: the last day of the month after the quarter (end of Jan, Apr, Jul, Oct)."""
    from .engine import add_months

    return add_months(quarter.next.first_day, 1) - timedelta(days=1)


def period_for(quarter: Quarter, *, today) -> QuotaPeriod:
    """The quarter's QuotaPeriod, created on first use with the version in force (QD-27).

    A period is `open` until its last day and `closing` after it; closing it is the quarter
    close console's (not automatic).
    """
    period = (
        QuotaPeriod.objects.filter(year=quarter.year, quarter=quarter.number)
        .select_related("policy_version")
        .first()
    )
    if period is not None:
        if period.status == PeriodStatus.OPEN and today > quarter.last_day:
            period.status = PeriodStatus.CLOSING
            period.save(update_fields=["status"])
        return period
    version = version_in_force(quarter) or ensure_handbook_policy()
    return QuotaPeriod.objects.create(
        year=quarter.year,
        quarter=quarter.number,
        start=quarter.first_day,
        end=quarter.last_day,
        cutoff_date=quarter.cutoff_date(version.cutoff_day),
        payout_date=payout_date(quarter),
        status=PeriodStatus.OPEN if today <= quarter.last_day else PeriodStatus.CLOSING,
        policy_version=version,
    )


def ensure_handbook_policy() -> QuotaPolicyVersion:
    """The handbook version the data migration seeds, recreated if a flush removed it."""
    from datetime import UTC, date, datetime

    from .preview import product_catalogue

    version, created = QuotaPolicyVersion.objects.get_or_create(
        effective_from=date(2020, 1, 1),
        status=PolicyStatus.PUBLISHED,
        defaults={
            "notes": "The handbook's policy (seed 003, How we work): quota.md defaults.",
            "primary_products": list(product_catalogue().primary_products),
            "published_at": datetime(2020, 1, 1, tzinfo=UTC),
        },
    )
    if created:
        version.refresh_from_db()  # field defaults as the database stores them (Decimals)
    return version
