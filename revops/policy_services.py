"""Writes to the discount policy (V-1…V-5), RevOps admins only (the views check the role).

Every write is one transaction and audited by django-simple-history on the version and its rows.
A draft is always a full copy of the version in force (V-1); saving it validates V-4 first and
saves nothing when any row is wrong, so the editor can show every error with what was typed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from .engine import (
    HANDBOOK_POLICY,
    CommitmentRule,
    PolicyError,
    VolumeTier,
    parameters_as_mapping,
    validate_policy,
)
from .models import CommitmentRule as CommitmentRow
from .models import DiscountPolicyVersion, FrozenPolicyVersion, PolicyStatus
from .models import VolumeTier as TierRow
from .selectors import policy_version_in_force


class PolicyInvalid(ValueError):
    def __init__(self, errors: list[PolicyError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class PolicyDraftInput:
    """The editor's grid as typed: strings, so nothing the user typed is lost on an error."""

    tiers: list[dict[str, str]]
    commitment: list[dict[str, str]]
    parameters: dict[str, str]
    notes: str = ""


def _decimal(raw: str, section: str, row: int, field: str, errors: list, *, optional=False):
    text = (raw or "").strip().replace(",", "")
    if text == "":
        if optional:
            return None
        errors.append(PolicyError(section, row, field, "Required."))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(PolicyError(section, row, field, f"{raw!r} is not a number."))
        return None
    if not value.is_finite():
        errors.append(PolicyError(section, row, field, f"{raw!r} is not a number."))
        return None
    return value


def parse_draft(
    data: PolicyDraftInput,
) -> tuple[tuple[VolumeTier, ...], tuple[CommitmentRule, ...], list[PolicyError]]:
    errors: list[PolicyError] = []
    tiers = []
    for row, raw in enumerate(data.tiers, start=1):
        low = _decimal(raw.get("min_credit", ""), "tiers", row, "min_credit", errors)
        high = _decimal(raw.get("max_credit", ""), "tiers", row, "max_credit", errors, optional=True)
        pct = _decimal(raw.get("discount_pct", ""), "tiers", row, "discount_pct", errors, optional=True)
        if low is not None:
            tiers.append(VolumeTier(low, high, pct, (raw.get("label") or "").strip()))
    rules = []
    for row, raw in enumerate(data.commitment, start=1):
        years = _decimal(raw.get("years", ""), "commitment", row, "years", errors)
        pct = _decimal(raw.get("discount_pct", ""), "commitment", row, "discount_pct", errors)
        if years is not None and years != years.to_integral_value():
            errors.append(PolicyError("commitment", row, "years", "Must be a whole number of years."))
        elif years is not None and pct is not None:
            rules.append(CommitmentRule(int(years), pct))
    if not errors:
        errors = validate_policy(tuple(tiers), tuple(rules), data.parameters)
    return tuple(tiers), tuple(rules), errors


def _copy_rows(source: DiscountPolicyVersion | None, target: DiscountPolicyVersion) -> None:
    if source is None:  # no version at all (a flushed database): the handbook's values
        tiers = [(t.min_credit, t.max_credit, t.discount_pct, t.label) for t in HANDBOOK_POLICY.tiers]
        rules = [(c.years, c.discount_pct) for c in HANDBOOK_POLICY.commitment]
    else:
        tiers = [
            (t.min_credit, t.max_credit, t.discount_pct, t.label) for t in source.tiers.order_by("position")
        ]
        rules = [(c.years, c.discount_pct) for c in source.commitment_rules.order_by("position")]
    for position, (low, high, pct, label) in enumerate(tiers, start=1):
        TierRow.objects.create(
            version=target, position=position, min_credit=low, max_credit=high, discount_pct=pct, label=label
        )
    for position, (years, pct) in enumerate(rules, start=1):
        CommitmentRow.objects.create(version=target, position=position, years=years, discount_pct=pct)


@transaction.atomic
def policy_draft_create(*, acting_user, today: date | None = None) -> DiscountPolicyVersion:
    """V-1: any edit starts from a draft copied from the version in force; one draft at a time."""
    existing = DiscountPolicyVersion.objects.filter(status=PolicyStatus.DRAFT).order_by("-id").first()
    if existing is not None:
        return existing
    source = policy_version_in_force(today or timezone.localdate())
    draft = DiscountPolicyVersion.objects.create(
        status=PolicyStatus.DRAFT,
        supersedes=source,
        created_by=acting_user,
        parameters=dict(source.parameters) if source else parameters_as_mapping(HANDBOOK_POLICY.parameters),
    )
    _copy_rows(source, draft)
    return draft


def _require_draft(version: DiscountPolicyVersion) -> None:
    if version.is_frozen:
        raise FrozenPolicyVersion("A published discount policy version cannot change (V-1).")


@transaction.atomic
def policy_draft_update(
    *, version: DiscountPolicyVersion, data: PolicyDraftInput, acting_user
) -> DiscountPolicyVersion:
    """Replace the draft's rows and parameters; V-4 errors (row and field) save nothing."""
    version = DiscountPolicyVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    tiers, rules, errors = parse_draft(data)
    if errors:
        raise PolicyInvalid(errors)
    version.tiers.all().delete()
    version.commitment_rules.all().delete()
    for position, t in enumerate(tiers, start=1):
        TierRow.objects.create(
            version=version,
            position=position,
            min_credit=t.min_credit,
            max_credit=t.max_credit,
            discount_pct=t.discount_pct,
            label=t.label,
        )
    for position, c in enumerate(rules, start=1):
        CommitmentRow.objects.create(
            version=version, position=position, years=c.years, discount_pct=c.discount_pct
        )
    version.parameters = {k: str(v).strip() for k, v in data.parameters.items()}
    version.notes = data.notes
    version._change_reason = f"edited by {acting_user}"  # type: ignore[attr-defined]
    version.save()
    return version


@transaction.atomic
def policy_publish(
    *, version: DiscountPolicyVersion, effective_from: date, acting_user, today: date | None = None
) -> DiscountPolicyVersion:
    """V-2: effective_from ≥ today; V-4 is checked again on the stored rows; then frozen (V-1)."""
    today = today or timezone.localdate()
    version = DiscountPolicyVersion.objects.select_for_update().get(pk=version.pk)
    _require_draft(version)
    if effective_from < today:
        raise PolicyInvalid(
            [PolicyError("version", None, "effective_from", f"Must be today ({today}) or later.")]
        )
    tiers = tuple(
        VolumeTier(t.min_credit, t.max_credit, t.discount_pct, t.label)
        for t in version.tiers.order_by("position")
    )
    rules = tuple(
        CommitmentRule(c.years, c.discount_pct) for c in version.commitment_rules.order_by("position")
    )
    errors = validate_policy(tiers, rules, version.parameters)
    if errors:
        raise PolicyInvalid(errors)
    version.supersedes = policy_version_in_force(effective_from) or version.supersedes
    version.status = PolicyStatus.PUBLISHED
    version.effective_from = effective_from
    version.published_by = acting_user
    version.published_at = timezone.now()
    version._change_reason = f"published by {acting_user}, effective {effective_from}"  # type: ignore[attr-defined]
    version.save()
    return version


@transaction.atomic
def policy_retire(*, version: DiscountPolicyVersion, acting_user) -> DiscountPolicyVersion:
    """V-1: retiring only ends a version; its rows and the prices it gave stay."""
    version = DiscountPolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != PolicyStatus.PUBLISHED:
        raise FrozenPolicyVersion("Only a published version can be retired.")
    version.status = PolicyStatus.RETIRED
    version.retired_at = timezone.now()
    version._change_reason = f"retired by {acting_user}"  # type: ignore[attr-defined]
    version.save()
    return version


@transaction.atomic
def policy_draft_discard(*, version: DiscountPolicyVersion, acting_user) -> None:
    _require_draft(version)
    version.delete()


def policy_seed_handbook(*, acting_user=None) -> DiscountPolicyVersion:
    """The handbook's version, for a database that has none (a flushed test database, bench)."""
    in_force = policy_version_in_force(date(2020, 1, 1))
    if in_force is not None:
        return in_force
    with transaction.atomic():
        version = DiscountPolicyVersion.objects.create(
            status=PolicyStatus.DRAFT,
            created_by=acting_user,
            notes="The handbook's contract rules.",
            parameters=parameters_as_mapping(HANDBOOK_POLICY.parameters),
        )
        _copy_rows(None, version)
        version.status = PolicyStatus.PUBLISHED
        version.effective_from = date(2020, 1, 1)
        version.published_at = timezone.now()
        version.save()
    return version


def policy_diff(draft: DiscountPolicyVersion, base: DiscountPolicyVersion | None) -> list[dict[str, str]]:
    """V-5 / Pages: what the draft changes against the version in force, row by row."""

    def tier_rows(v):
        return (
            []
            if v is None
            else [(t.min_credit, t.max_credit, t.discount_pct, t.label) for t in v.tiers.order_by("position")]
        )

    def rule_rows(v):
        return (
            [] if v is None else [(c.years, c.discount_pct) for c in v.commitment_rules.order_by("position")]
        )

    changes = []
    old_t, new_t = tier_rows(base), tier_rows(draft)
    for i in range(max(len(old_t), len(new_t))):
        old = old_t[i] if i < len(old_t) else None
        new = new_t[i] if i < len(new_t) else None
        if old != new:
            changes.append({"what": f"Volume tier row {i + 1}", "old": _fmt_tier(old), "new": _fmt_tier(new)})
    old_c, new_c = rule_rows(base), rule_rows(draft)
    for i in range(max(len(old_c), len(new_c))):
        old = old_c[i] if i < len(old_c) else None
        new = new_c[i] if i < len(new_c) else None
        if old != new:
            changes.append(
                {
                    "what": f"Commitment row {i + 1}",
                    "old": "—" if old is None else f"{old[0]} years: {old[1]}%",
                    "new": "—" if new is None else f"{new[0]} years: {new[1]}%",
                }
            )
    old_p = {} if base is None else base.parameters
    for name in sorted(set(old_p) | set(draft.parameters)):
        a, b = old_p.get(name), draft.parameters.get(name)
        if a is None or b is None or Decimal(str(a)) != Decimal(str(b)):
            changes.append({"what": f"Parameter {name}", "old": str(a or "—"), "new": str(b or "—")})
    return changes


def _fmt_tier(row) -> str:
    if row is None:
        return "—"
    low, high, pct, label = row
    span = f"[{low:,.2f}, {'open' if high is None else f'{high:,.2f}'})"
    return f"{span} → {'custom' if pct is None else f'{pct}%'}{f' ({label})' if label else ''}"
