"""Discount policy editor (revops.md Pages > Discount policy editor; V-1…V-5), RevOps admins only.

Versions in force, scheduled and draft; the draft's tier grid, commitment rows and parameters
with inline validation naming row and field (htmx on change, and again on save); a diff against
the version in force; publish with an effective date; every version's history and the quotes it
priced. A published version renders read-only.
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import policy_services, selectors
from .engine import PARAMETER_NAMES
from .models import DiscountPolicyVersion, FrozenPolicyVersion, PolicyStatus, QuoteOption

EMPTY_TIER_ROWS = 2
EMPTY_COMMITMENT_ROWS = 1


def revops_admin_required(view):
    """Pages > Discount policy editor is `revops_admin` only (revops.change_discount_policy)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("revops.change_discount_policy"):
            raise PermissionDenied("Only RevOps admins may edit the discount policy.")
        return view(request, *args, **kwargs)

    return wrapped


@revops_admin_required
def policy_index(request):
    today = timezone.localdate()
    in_force = selectors.policy_version_in_force(today)
    versions = list(selectors.policy_versions())
    scheduled = [v for v in versions if v.status == PolicyStatus.PUBLISHED and v.effective_from > today]
    drafts = [v for v in versions if v.status == PolicyStatus.DRAFT]
    return render(
        request,
        "revops/policy_index.html",
        {
            "in_force": in_force,
            "scheduled": scheduled,
            "drafts": drafts,
            "versions": versions,
            "today": today,
        },
    )


@revops_admin_required
@require_POST
def policy_draft_start(request):
    draft = policy_services.policy_draft_create(acting_user=request.user)
    return redirect("revops:policy-version", pk=draft.pk)


def _grid_from_post(post) -> policy_services.PolicyDraftInput:
    def rows(prefix, names):
        out = []
        count = (
            int(post.get(f"{prefix}-count", "0") or 0)
            if str(post.get(f"{prefix}-count", "0")).isdigit()
            else 0
        )
        for i in range(1, min(count, 50) + 1):
            row = {name: (post.get(f"{prefix}-{i}-{name}") or "").strip() for name in names}
            if any(row.values()):  # a blank row is not a row
                out.append(row)
        return out

    return policy_services.PolicyDraftInput(
        tiers=rows("tier", ("min_credit", "max_credit", "discount_pct", "label")),
        commitment=rows("commitment", ("years", "discount_pct")),
        parameters={
            name: (post.get(f"param-{name}") or "").strip()
            for name in PARAMETER_NAMES
            if (post.get(f"param-{name}") or "").strip() != ""
        },
        notes=post.get("notes", ""),
    )


def _grid_from_version(version) -> policy_services.PolicyDraftInput:
    def fmt(value):
        return "" if value is None else f"{value}"

    return policy_services.PolicyDraftInput(
        tiers=[
            {
                "min_credit": fmt(t.min_credit),
                "max_credit": fmt(t.max_credit),
                "discount_pct": fmt(t.discount_pct),
                "label": t.label,
            }
            for t in version.tiers.order_by("position")
        ],
        commitment=[
            {"years": str(c.years), "discount_pct": fmt(c.discount_pct)}
            for c in version.commitment_rules.order_by("position")
        ],
        parameters={k: str(v) for k, v in version.parameters.items()},
        notes=version.notes,
    )


def _editor_context(version, grid, errors, *, today):
    frozen = version.is_frozen
    tier_rows = list(grid.tiers) + ([] if frozen else [{}] * EMPTY_TIER_ROWS)
    commitment_rows = list(grid.commitment) + ([] if frozen else [{}] * EMPTY_COMMITMENT_ROWS)
    by_cell = {}
    for error in errors:
        by_cell.setdefault((error.section, error.row, error.field), []).append(error.message)

    def cells(section, rows, names):
        return [
            {
                "n": n,
                "cells": [
                    {"name": name, "value": row.get(name, ""), "errors": by_cell.get((section, n, name), [])}
                    for name in names
                ],
            }
            for n, row in enumerate(rows, start=1)
        ]

    in_force = selectors.policy_version_in_force(today)
    base = version.supersedes if frozen else in_force
    return {
        "version": version,
        "frozen": frozen,
        "errors": errors,
        "today": today,
        "tier_grid": cells("tiers", tier_rows, ("min_credit", "max_credit", "discount_pct", "label")),
        "commitment_grid": cells("commitment", commitment_rows, ("years", "discount_pct")),
        "parameters": [
            {
                "name": name,
                "value": grid.parameters.get(name, ""),
                "errors": by_cell.get(("parameters", None, name), []),
            }
            for name in PARAMETER_NAMES
        ],
        "notes": grid.notes,
        "in_force": in_force,
        "base": base,
        "diff": policy_services.policy_diff(version, base) if base and base.pk != version.pk else [],
        "history": list(version.history.select_related("history_user").order_by("-history_date")[:50]),
        "quote_count": QuoteOption.objects.filter(policy_version=version).values("quote").distinct().count(),
        "recent_quotes": list(
            QuoteOption.objects.filter(policy_version=version)
            .select_related("quote")
            .order_by("-priced_at")[:10]
        ),
    }


@revops_admin_required
def policy_version(request, pk: int):
    version = get_object_or_404(DiscountPolicyVersion, pk=pk)
    today = timezone.localdate()
    errors = []
    if request.method == "POST":
        grid = _grid_from_post(request.POST)
        try:
            policy_services.policy_draft_update(version=version, data=grid, acting_user=request.user)
        except policy_services.PolicyInvalid as exc:
            errors = exc.errors
        except FrozenPolicyVersion as exc:
            raise PermissionDenied(str(exc.message)) from None
        else:
            messages.success(request, "Draft saved.")
            return redirect("revops:policy-version", pk=version.pk)
    else:
        grid = _grid_from_version(version)
    status = 400 if errors else 200
    return render(
        request,
        "revops/policy_version.html",
        _editor_context(version, grid, errors, today=today),
        status=status,
    )


@revops_admin_required
@require_POST
def policy_validate(request, pk: int):
    """htmx: V-4 on what is typed, without saving."""
    grid = _grid_from_post(request.POST)
    _, _, errors = policy_services.parse_draft(grid)
    return render(request, "revops/partials/policy_errors.html", {"errors": errors, "live": True})


@revops_admin_required
@require_POST
def policy_publish(request, pk: int):
    version = get_object_or_404(DiscountPolicyVersion, pk=pk)
    raw = request.POST.get("effective_from", "")
    today = timezone.localdate()
    try:
        effective = date.fromisoformat(raw)
    except ValueError:
        messages.error(request, f"effective_from: {raw!r} is not a date (YYYY-MM-DD).")
        return redirect("revops:policy-version", pk=pk)
    try:
        policy_services.policy_publish(
            version=version, effective_from=effective, acting_user=request.user, today=today
        )
    except policy_services.PolicyInvalid as exc:
        for error in exc.errors:
            messages.error(request, str(error))
        return redirect("revops:policy-version", pk=pk)
    except FrozenPolicyVersion as exc:
        messages.error(request, exc.message)
        return redirect("revops:policy-version", pk=pk)
    messages.success(request, f"Published, in force from {effective:%d %b %Y}.")
    return redirect("revops:policy-version", pk=pk)


@revops_admin_required
@require_POST
def policy_retire(request, pk: int):
    version = get_object_or_404(DiscountPolicyVersion, pk=pk)
    try:
        policy_services.policy_retire(version=version, acting_user=request.user)
    except FrozenPolicyVersion as exc:
        messages.error(request, exc.message)
    return redirect("revops:policy-version", pk=pk)


@revops_admin_required
@require_POST
def policy_discard(request, pk: int):
    version = get_object_or_404(DiscountPolicyVersion, pk=pk)
    try:
        policy_services.policy_draft_discard(version=version, acting_user=request.user)
    except FrozenPolicyVersion as exc:
        messages.error(request, exc.message)
        return redirect("revops:policy-version", pk=pk)
    messages.success(request, "Draft discarded.")
    return redirect("revops:policy-index")
