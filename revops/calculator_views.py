"""Special-deal calculators on the quote builder (revops.md Pages > Special-deal calculators):
startup roll-off (P-17), buyout (O-10), new-business renewal credit (O-11), rollover (O-8), the
O-2 start date and the co-terminous additional purchase (O-5). htmx posts, fragment answers.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .engine import (
    contract_buyout,
    contract_start_date,
    coterminous_expansion,
    new_business_renewal_credit,
    rollover_preview,
    startup_rolloff,
)
from .quote_views import _policy

CALCULATORS = ("startup_rolloff", "buyout", "nb_renewal", "rollover", "start_date", "expansion")


def _money(post, name, errors, *, required=True):
    raw = (post.get(name) or "").strip().replace(",", "").lstrip("$")
    if raw == "":
        if required:
            errors[name] = "Required."
        return None
    try:
        value = Decimal(raw)
        if not value.is_finite() or value < 0:
            raise ValueError
        return value
    except (ValueError, ArithmeticError):
        errors[name] = f"{raw!r} is not an amount ≥ 0."
        return None


def _int(post, name, errors, default=None):
    raw = (post.get(name) or "").strip()
    if raw == "":
        if default is None:
            errors[name] = "Required."
        return default
    if not raw.isdigit():
        errors[name] = f"{raw!r} is not a whole number."
        return default
    return int(raw)


def _date(post, name, errors, *, required=True):
    raw = (post.get(name) or "").strip()
    if raw == "":
        if required:
            errors[name] = "Required."
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"{raw!r} is not a date (YYYY-MM-DD)."
        return None


@login_required
@require_POST
def calculator(request, kind: str):
    if kind not in CALCULATORS:
        raise Http404("No such calculator.")
    _, policy = _policy(timezone.localdate())
    if policy is None:
        return render(
            request,
            "revops/partials/calculator_result.html",
            {"errors": {"policy": "No discount policy is in force."}, "kind": kind},
        )
    params, post = policy.parameters, request.POST
    errors: dict[str, str] = {}
    result: Any = None
    if kind == "startup_rolloff":
        amount = _money(post, "credit_amount", errors, required=False)
        monthly = _money(post, "average_monthly_cost", errors, required=False)
        term = _int(post, "term_months", errors, default=12)
        if amount is None and monthly is None and not errors:
            errors["credit_amount"] = "Give the credit amount or the average monthly cost."
        if not errors:
            result = startup_rolloff(
                credit_amount=amount, average_monthly_cost=monthly, term_months=max(term, 1), params=params
            )
    elif kind == "buyout":
        annual = _money(post, "annual_price", errors)
        months = _int(post, "months_to_run", errors)
        if not errors:
            result = contract_buyout(
                annual_price=annual,
                months_to_run=months,
                paid_upfront=post.get("paid_upfront") == "on",
                competitor_listed=post.get("competitor_listed") == "on",
                proof_attached=post.get("proof_attached") == "on",
                params=params,
            )
    elif kind == "nb_renewal":
        ours = _money(post, "our_first_year_cost", errors)
        theirs = _money(post, "competitor_quote", errors)
        if not errors:
            result = {
                "credit": new_business_renewal_credit(
                    our_first_year_cost=ours, competitor_quote=theirs, params=params
                )
            }
    elif kind == "rollover":
        values = {
            n: _money(post, n, errors)
            for n in ("remaining", "original_credit_amount", "original_annual_price", "renewal_annual_price")
        }
        if not errors:
            result = rollover_preview(**values, params=params)
    elif kind == "start_date":
        mode = post.get("mode", "")
        today = _date(post, "today", errors)
        anchor = _date(post, "billing_anchor", errors, required=False)
        chosen = _date(post, "chosen", errors, required=False)
        if not errors:
            try:
                result = contract_start_date(
                    mode=mode, today=today, billing_anchor=anchor, chosen=chosen, params=params
                )
            except ValueError as exc:
                errors["mode"] = str(exc)
    elif kind == "expansion":
        start = _date(post, "parent_start", errors)
        term = _int(post, "parent_term_months", errors, default=12)
        signed = _date(post, "signed_on", errors)
        if not errors:
            result = coterminous_expansion(
                parent_start=start,
                parent_term_months=max(term, 1),
                signed_on=signed,
                paid_yearly=post.get("paid_yearly") == "on",
                params=params,
            )
    return render(
        request, "revops/partials/calculator_result.html", {"kind": kind, "result": result, "errors": errors}
    )
