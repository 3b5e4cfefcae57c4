"""Reads for revops pages, the preview and the API: the policy in force, quotes, account facts."""

from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from .engine import CommitmentRule, PricingPolicy, VolumeTier, parameters_from_mapping
from .models import DiscountPolicyVersion, PolicyStatus, Quote, QuoteOption

# Published versions never change (V-1), so their engine form is kept per process by id.
# Keyed with published_at too: a rolled-back test database may hand a pk out again.
_FROZEN_POLICIES: dict[tuple, PricingPolicy] = {}


def policy_version_in_force(on: date) -> DiscountPolicyVersion | None:
    """V-2: the latest published version with effective_from ≤ `on`."""
    return (
        DiscountPolicyVersion.objects.filter(status=PolicyStatus.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from", "-published_at", "-id")
        .first()
    )


def policy_versions() -> QuerySet[DiscountPolicyVersion]:
    return (
        DiscountPolicyVersion.objects.select_related("created_by", "published_by")
        .annotate(quote_option_count=Count("quote_options"))
        .order_by("-id")
    )


def pricing_policy(version: DiscountPolicyVersion) -> PricingPolicy:
    """The engine's view of a version (2 queries, none for a published one already read)."""
    key = (version.pk, version.published_at)
    if version.is_frozen and key in _FROZEN_POLICIES:
        return _FROZEN_POLICIES[key]
    tiers = tuple(
        VolumeTier(t.min_credit, t.max_credit, t.discount_pct, t.label)
        for t in version.tiers.order_by("position")
    )
    commitment = tuple(
        CommitmentRule(c.years, c.discount_pct) for c in version.commitment_rules.order_by("position")
    )
    policy = PricingPolicy(tiers, commitment, parameters_from_mapping(version.parameters), version.pk)
    if version.is_frozen:
        _FROZEN_POLICIES[key] = policy
    return policy


class NoPolicyInForce(LookupError):
    pass


def pricing_policy_in_force(on: date) -> tuple[DiscountPolicyVersion, PricingPolicy]:
    version = policy_version_in_force(on)
    if version is None:
        raise NoPolicyInForce(f"No discount policy version is in force on {on}.")
    return version, pricing_policy(version)


def quotes() -> QuerySet[Quote]:
    return Quote.objects.select_related("account", "opportunity", "created_by").annotate(
        option_count=Count("options")
    )


def quote_with_options(pk: int) -> Quote:
    return (
        Quote.objects.select_related("account", "opportunity", "created_by")
        .prefetch_related(
            Prefetch("options", QuoteOption.objects.select_related("policy_version").order_by("position"))
        )
        .get(pk=pk)
    )
