"""Quote builder, quote pages, share link and print view (revops.md Pages > Quote builder).

Thin: parse the form (quote_forms), price with the policy in force (engine), save through
quote_services. Everyone reads (D-26); saving follows revops.rules.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.models import Account

from . import quote_forms, quote_services, selectors
from .commercial import commercial_picture
from .engine import (
    price_quote,
    project_monthly_volume,
)
from .models import MAX_OPTIONS, Opportunity, ProjectionMethod, Quote
from .selectors import NoPolicyInForce

STATE_LABELS = {
    "custom_pricing": "custom pricing: approval required",
    "monthly": "monthly payment: 0%",
    "below_volume": "below {floor}: no discount",
}


def _policy(today: date):
    try:
        return selectors.pricing_policy_in_force(today)
    except NoPolicyInForce:
        return None, None


def _floor_label(policy) -> str:
    floor = policy.volume_floor
    return f"${floor / 1000:,.0f}k" if floor % 1000 == 0 else f"${floor:,.2f}"


def state_label(state: str, policy) -> str:
    label = STATE_LABELS.get(state, "")
    return label.format(floor=_floor_label(policy)) if policy else label


def _own_accounts(user, extra: Account | None):
    from django.db.models import Q

    qs = (
        Account.objects.filter(
            Q(owner=user) | Q(overlay_tam=user) | Q(account_executive=user) | Q(onboarding_specialist=user)
        )
        .order_by("name")
        .only("id", "name")[:500]
    )
    accounts = list(qs)
    if extra is not None and all(a.pk != extra.pk for a in accounts):
        accounts.insert(0, extra)
    return accounts


def _open_opportunities(account: Account | None):
    if account is None:
        return []
    return list(
        Opportunity.objects.filter(account=account)
        .exclude(stage__in=["closed_won", "closed_lost"])
        .order_by("-created_at")
        .only("id", "record_type", "stage", "created_at")[:50]
    )


def _option_rows(post, policy):
    """Each posted option: its typed values, the parse errors, and the engine's answer."""
    rows = []
    for index in quote_forms.present_option_indexes(post)[:MAX_OPTIONS]:
        values = quote_forms.option_values(post, index)
        parsed, errors = quote_forms.parse_option(values)
        result = price_quote(parsed, policy) if parsed is not None and policy is not None else None
        rows.append(
            {
                "index": index,
                "values": values,
                "errors": errors,
                "result": result,
                "state_label": state_label(result.state, policy) if result else "",
            }
        )
    return rows


def _initial_rows(quote: Quote | None):
    if quote is None:
        return [
            {"index": i, "values": dict(v), "errors": {}, "result": None, "state_label": ""}
            for i, v in enumerate(quote_forms.DEFAULT_OPTIONS, start=1)
        ]
    rows = []
    for o in quote.options.all():
        values = {
            "label": o.label,
            "credit_amount": f"{o.credit_amount:.2f}",
            "term_years": str(o.term_years),
            "prepaid_years": str(o.prepaid_years),
            "payment_terms_days": str(o.payment_terms_days),
            "billing": o.billing,
            "deal_type": o.deal_type,
            "days_before_expiry": "" if o.days_before_expiry is None else str(o.days_before_expiry),
            **{flag: "on" if getattr(o, flag) else "" for flag in quote_forms.FLAGS},
        }
        rows.append({"index": o.position, "values": values, "errors": {}, "result": None, "state_label": ""})
    return rows


def _builder_context(request, *, quote=None, account=None, rows=None, usage=None, errors=None, form=None):
    today = timezone.localdate()
    version, policy = _policy(today)
    picture = commercial_picture(account, policy) if account is not None and policy is not None else None
    if usage is None:
        if quote is not None:
            usage = [None if h is None else Decimal(h) for h in quote.usage_history]
        elif picture is not None:
            usage = list(picture.usage_history)
        else:
            usage = []
    usage = (list(usage) + [None] * 6)[:6]
    method = (form or {}).get("projection_method") or (quote.projection_method if quote else "latest_month")
    monthly = project_monthly_volume(tuple(u for u in usage if u is not None), method)
    if rows is None:
        rows = _initial_rows(quote)
        if quote is None and picture is not None and picture.nonprofit_verified:
            for row in rows:
                row["values"]["nonprofit"] = "on"
        if quote is None and monthly:
            for row in rows:
                years = int(row["values"].get("term_years") or 1)
                row["values"]["credit_amount"] = f"{monthly * 12 * years:.2f}"
        for row in rows:
            parsed, _ = quote_forms.parse_option(row["values"])
            if parsed is not None and policy is not None:
                row["result"] = price_quote(parsed, policy)
                row["state_label"] = state_label(row["result"].state, policy)
    return {
        "quote": quote,
        "account": account,
        "title_value": (form or {}).get("title", quote.title if quote else ""),
        "accounts": _own_accounts(request.user, account),
        "opportunities": _open_opportunities(account),
        "rows": rows,
        "usage": usage,
        "usage_months": list(enumerate(usage, start=1)),
        "projection_method": method,
        "projection_methods": ProjectionMethod.choices,
        "monthly_volume": monthly,
        "version": version,
        "policy": policy,
        "errors": errors or {},
        "form": form or {},
        "max_options": MAX_OPTIONS,
        "picture": picture,
        "today": today,
        "next_index": max([r["index"] for r in rows], default=0) + 1,
    }


@login_required
def quote_builder(request):
    account = None
    if request.GET.get("account", "").isdigit():
        account = get_object_or_404(Account, pk=int(request.GET["account"]))
    return render(request, "revops/quote_builder.html", _builder_context(request, account=account))


@login_required
def quote_edit(request, pk: int):
    quote = get_object_or_404(selectors.quotes(), pk=pk)
    quote = selectors.quote_with_options(quote.pk)
    if not request.user.has_perm("revops.change_quote", quote):
        raise PermissionDenied("You may change only quotes on your own accounts.")
    if request.method == "POST":
        return _save(request, quote)
    return render(
        request, "revops/quote_builder.html", _builder_context(request, quote=quote, account=quote.account)
    )


@login_required
@require_POST
def quote_create(request):
    return _save(request, None)


def _save(request, quote):
    post = request.POST
    account = None
    errors: dict[str, str] = {}
    if post.get("account", "").isdigit():
        account = Account.objects.filter(pk=int(post["account"])).first()
        if account is None:
            errors["account"] = "No such account."
    opportunity = None
    if post.get("opportunity", "").isdigit():
        opportunity = Opportunity.objects.filter(pk=int(post["opportunity"])).first()
        if opportunity is None or (account is not None and opportunity.account_id != account.pk):
            errors["opportunity"] = "Pick an opportunity of this account."
    usage, usage_errors = quote_forms.parse_usage(post)
    errors.update(usage_errors)
    _, policy = _policy(timezone.localdate())
    rows = _option_rows(post, policy)
    if not rows:
        errors["options"] = "Add at least one option."
    if policy is None:
        errors["policy"] = "No discount policy is in force: ask a RevOps admin to publish one."
    if not request.user.has_perm("revops.add_quote", account):
        errors["account"] = "You may save quotes only on your own accounts."
    if errors or any(r["errors"] for r in rows):
        context = _builder_context(
            request, quote=quote, account=account, rows=rows, usage=usage, errors=errors, form=post
        )
        return render(request, "revops/quote_builder.html", context, status=400)
    saved = quote_services.quote_save(
        acting_user=request.user,
        quote=quote,
        account=account,
        opportunity=opportunity,
        title=post.get("title", "").strip()[:200],
        usage_history=usage,
        projection_method=quote_forms.projection_method(post),
        options=[
            quote_services.OptionInput(
                r["values"].get("label", "").strip()[:100], quote_forms.parse_option(r["values"])[0]
            )
            for r in rows
        ],
    )
    return redirect("revops:quote-detail", pk=saved.pk)


@login_required
@require_POST
def option_preview(request, index: int):
    """htmx: one option column re-priced as the TAM types."""
    _, policy = _policy(timezone.localdate())
    values = quote_forms.option_values(request.POST, index)
    parsed, errors = quote_forms.parse_option(values)
    result = price_quote(parsed, policy) if parsed is not None and policy is not None else None
    row = {
        "index": index,
        "values": values,
        "errors": errors,
        "result": result,
        "state_label": state_label(result.state, policy) if result else "",
    }
    return render(request, "revops/partials/quote_option_result.html", {"row": row, "policy": policy})


@login_required
def option_new(request):
    """htmx: one more option column (up to five)."""
    index = int(request.GET.get("index", "1")) if request.GET.get("index", "").isdigit() else 1
    if index > 10 or int(request.GET.get("count", "0") or 0) >= MAX_OPTIONS:
        return HttpResponse(status=204)
    row = {
        "index": index,
        "values": {
            "label": f"Option {index}",
            "term_years": "1",
            "prepaid_years": "1",
            "payment_terms_days": "30",
        },
        "errors": {},
        "result": None,
    }
    return render(request, "revops/partials/quote_option.html", {"row": row})


@login_required
@require_POST
def projection(request):
    usage, errors = quote_forms.parse_usage(request.POST)
    method = quote_forms.projection_method(request.POST)
    monthly = project_monthly_volume(tuple(u for u in usage if u is not None), method)
    return render(
        request,
        "revops/partials/quote_projection.html",
        {"monthly_volume": monthly, "errors": errors, "projection_method": method},
    )


@login_required
def opportunity_options(request):
    account = None
    if request.GET.get("account", "").isdigit():
        account = Account.objects.filter(pk=int(request.GET["account"])).first()
    return render(
        request,
        "revops/partials/quote_opportunity_field.html",
        {"opportunities": _open_opportunities(account), "form": {}},
    )


@login_required
def quote_list(request):
    from .tables import QuoteFilter, QuoteTable

    filterset = QuoteFilter(request.GET, queryset=selectors.quotes())
    table = QuoteTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    if request.GET.get("format") == "csv":
        from django_tables2.export import TableExport

        return TableExport("csv", table).response("quotes.csv")
    return render(request, "revops/quote_list.html", {"table": table, "filter": filterset})


def _detail_context(quote: Quote) -> dict:
    today = timezone.localdate()
    version, policy = _policy(today)
    options = list(quote.options.all())
    for option in options:
        option.state_label = (  # type: ignore[attr-defined]
            state_label(option.state, policy) if policy else option.state
        )
    return {
        "quote": quote,
        "options": options,
        "version_in_force": version,
        "components": [
            ("volume", "Volume (P-2)"),
            ("commitment", "Length of commitment (P-4)"),
            ("cash_timing", "Timing of cash (P-6)"),
            ("forecast", "Ability to forecast (P-8/P-9)"),
            ("nonprofit", "Non-profit (P-15)"),
            ("self_serve", "Self-serve (P-14)"),
        ],
    }


@login_required
def quote_detail(request, pk: int):
    quote = _get_quote(pk)
    context = _detail_context(quote)
    context["may_change"] = request.user.has_perm("revops.change_quote", quote)
    if quote.share_token:
        context["share_url"] = request.build_absolute_uri(
            reverse("revops:quote-shared", args=[quote.share_token])
        )
    return render(request, "revops/quote_detail.html", context)


def _get_quote(pk: int) -> Quote:
    try:
        return selectors.quote_with_options(pk)
    except Quote.DoesNotExist:
        raise Http404("No such quote.") from None


@login_required
@require_POST
def quote_share(request, pk: int):
    quote = get_object_or_404(Quote, pk=pk)
    if not request.user.has_perm("revops.change_quote", quote):
        raise PermissionDenied("You may share only quotes on your own accounts.")
    quote_services.quote_share(quote=quote, acting_user=request.user)
    return redirect("revops:quote-detail", pk=pk)


@login_required
def quote_print(request, pk: int):
    quote = _get_quote(pk)
    return render(request, "revops/quote_print.html", {**_detail_context(quote), "shared": False})


def quote_shared(request, token: str):
    """The share link: read-only, no login, printable to PDF from the browser."""
    quote = Quote.objects.filter(share_token=token).only("id").first()
    if quote is None:
        raise Http404("This share link does not exist or was withdrawn.")
    quote = _get_quote(quote.pk)
    return render(request, "revops/quote_print.html", {**_detail_context(quote), "shared": True})
