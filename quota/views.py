"""Quota pages (quota.md Pages): tracker index, TAM Quota Tracker, account drill-down, what-if
calculator, team quota and the account panel. Thin: scope check, selector, render.

Scope: compensation is where quota.md overrides D-26 — a TAM sees their own figures, a team
lead the team's, a sales manager or RevOps admin everyone's (`quota.rules`).
"""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from accounts.models import Account, Team, User

from . import charts, preview, selectors, services
from .engine import InvalidQuarter, Quarter, team_lead_payout
from .engine.policy import ZERO
from .filters import AttainmentLineFilter
from .forms import QuotaSetForm, WhatIfForm
from .models import AttainmentLine, RepPlan
from .rules import sees_all_quota
from .tables import RepSummaryTable, TeamMemberTable, TrackerLineTable, flags_of


def _quarter(text: str | None) -> Quarter:
    if not text:
        return selectors.this_quarter()
    try:
        return Quarter.parse(text)
    except InvalidQuarter as error:
        raise Http404(str(error)) from None


def _export(request, table, name: str):
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table, exclude_columns=()).response(f"{name}.{export_format}")
    return None


def _quarter_nav(quarter: Quarter) -> dict:
    return {"quarter": quarter, "previous_quarter": quarter.previous, "next_quarter": quarter.next}


@login_required
def tracker_index(request):
    """Every rep the user may see for a quarter; a TAM who leads nobody goes to their own tracker."""
    quarter = _quarter(request.GET.get("quarter"))
    user = request.user
    if user.role == "tam" and not user.is_team_lead and not sees_all_quota(user):
        return redirect("quota:tracker", user.pk, str(quarter))
    reps = list(selectors.visible_reps(user))
    period = selectors.period_of(quarter)
    table = RepSummaryTable(selectors.rep_summaries(period, reps), quarter=quarter)
    RequestConfig(request, paginate=False).configure(table)
    if (response := _export(request, table, f"quota-{quarter}")) is not None:
        return response
    return render(request, "quota/index.html", {"table": table, "period": period, "reps": reps,
                                                **_quarter_nav(quarter)})


def _rep_or_403(request, rep_id: int) -> User:
    rep = get_object_or_404(User, pk=rep_id)
    if not request.user.has_perm("quota.view_rep_quota", rep):
        raise PermissionDenied("Quota figures are visible to the rep, their team lead and sales managers.")
    return rep


def _plan(rep, quarter: Quarter) -> RepPlan | None:
    return RepPlan.objects.filter(rep=rep, valid_from__lte=quarter.last_day).order_by("-valid_from").first()


@login_required
def tracker(request, rep_id: int, quarter: str, quota_form: QuotaSetForm | None = None, status: int = 200):
    """TAM Quota Tracker: quota, attainment to date, %, payout, buckets, cutoff, account rows."""
    rep = _rep_or_403(request, rep_id)
    q = _quarter(quarter)
    period = selectors.period_of(q)
    summary = selectors.rep_summaries(period, [rep])[0]
    lines_qs = selectors.attainment_lines(period, rep) if period else AttainmentLine.objects.none()
    filterset = AttainmentLineFilter(request.GET, queryset=lines_qs)
    lines = list(filterset.qs)
    table = TrackerLineTable(lines, rep=rep, quarter=q)
    RequestConfig(request, paginate=False).configure(table)
    if (response := _export(request, table, f"quota-{rep.pk}-{q}")) is not None:
        return response
    today = timezone.localdate()
    plan = _plan(rep, q)
    payout = None
    if plan is not None and summary["quota"] and not plan.is_team_lead:
        quarterly_variable = plan.ote_annual * plan.variable_pct / 100 / 4  # C-1
        if summary["prorated_quota"] == 0:
            payout = ZERO  # C-10: every month of the quarter is a fixed ramp month
        else:
            # C-2, C-10: quarterly variable x q/3 x attainment / (quota x q/3), floored at 0.
            payout = team_lead_payout(quarterly_variable, summary["attainment"], summary["quota"])
    context = {
        "rep": rep,
        "period": period,
        "summary": summary,
        "plan": plan,
        "payout": payout,
        "table": table,
        "filter": filterset,
        "days_to_cutoff": max(0, (period.cutoff_date - today).days) if period else None,
        "chart": charts.tracker_chart(lines, q),
        "quota_form": _quota_form(request, rep, summary, quota_form),
        **_quarter_nav(q),
    }
    return render(request, "quota/tracker.html", context, status=status)


def _quota_form(request, rep, summary, bound: QuotaSetForm | None) -> QuotaSetForm | None:
    if not request.user.has_perm("quota.set_quota", rep):
        return None
    return bound or QuotaSetForm(initial={"amount": summary["quota"]})


@login_required
@require_http_methods(["POST"])
def quota_amend(request, rep_id: int, quarter: str):
    """Q-14: a sales manager sets or amends the quota, with a reason; a bad form keeps what was
    typed and names the field, and nothing is saved."""
    rep = _rep_or_403(request, rep_id)
    if not request.user.has_perm("quota.set_quota", rep):
        raise PermissionDenied("Only a sales manager sets or amends a quota (Q-14).")
    q = _quarter(quarter)
    form = QuotaSetForm(request.POST)
    if not form.is_valid():
        return tracker(request, rep_id, quarter, quota_form=form, status=400)
    services.quota_set(rep=rep, quarter=q, amount=form.cleaned_data["amount"],
                       reason=form.cleaned_data["reason"], today=timezone.localdate(),
                       acting_user=request.user)
    return redirect("quota:tracker", rep.pk, str(q))


@login_required
def drilldown(request, rep_id: int, quarter: str, account_id: int):
    """The handbook's table for both quarters, each cell explaining itself, then Starting /
    Ending / Diff and the computation history."""
    rep = _rep_or_403(request, rep_id)
    q = _quarter(quarter)
    period = selectors.period_of(q)
    line = selectors.attainment_line(period, rep, account_id) if period else None
    if line is None:
        raise Http404("No quota line for this account, rep and quarter.")
    context = {
        "rep": rep,
        "line": line,
        "account": line.account,
        "quarters": charts.drilldown_quarters(line),
        "flags": flags_of(line),
        "history": selectors.attainment_line_history(line),
        **_quarter_nav(q),
    }
    return render(request, "quota/drilldown.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def what_if(request):
    """A form over the preview: the same serializer and engine call as POST /api/v1/quota/preview."""
    catalogue = preview.product_catalogue()
    form = WhatIfForm(request.POST or None, product_keys=catalogue.keys)
    result = None
    if request.method == "POST" and form.is_valid() and form.serializer is not None:
        result = preview.preview_contribution(form.serializer.contribution_input(), catalogue=catalogue)
    context = {"form": form, "result": result, "quarters": charts.result_quarters(result) if result else None}
    template = "quota/partials/what_if_result.html" if request.htmx else "quota/what_if.html"
    return render(request, template, context)


@login_required
def teams(request):
    """Team quota (T-2…T-4) for team leads (their team) and sales managers / RevOps (all)."""
    q = _quarter(request.GET.get("quarter"))
    user = request.user
    if sees_all_quota(user):
        team_ids = None
    elif user.is_team_lead and user.team_id is not None:
        team_ids = [user.team_id]
    else:
        raise PermissionDenied("Team quota is for team leads and sales managers.")
    period = selectors.period_of(q)
    team_quotas = selectors.team_quotas(period, team_ids)
    members = [line.member_id for tq in team_quotas for line in tq.lines.all()]
    attained = selectors.member_attainment(period, members)
    blocks = [charts.team_block(tq, attained) for tq in team_quotas]
    rows = [row for block in blocks for row in block["rows"]]
    table = TeamMemberTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    if (response := _export(request, table, f"team-quota-{q}")) is not None:
        return response
    lead_team = Team.objects.filter(pk=user.team_id).first() if team_ids else None
    return render(request, "quota/teams.html", {"blocks": blocks, "table": table, "period": period,
                                                "lead_team": lead_team, **_quarter_nav(q)})


@login_required
def account_panel(request, pk: int):
    """The quota panel of the account page: this quarter's contribution, multiplier, paid products."""
    account = get_object_or_404(Account.objects.select_related("owner"), pk=pk)
    if not request.user.has_perm("accounts.view_account", account):
        raise PermissionDenied
    today: date = timezone.localdate()
    lines = selectors.account_lines_this_quarter(account.pk, today=today)
    month = selectors.latest_month_quota(account.pk, today=today)
    rows = [
        {"line": line, "can_drill": request.user.has_perm("quota.view_rep_quota", line.rep)} for line in lines
    ]
    return render(request, "quota/partials/account_panel.html", {
        "account": account, "rows": rows, "month": month, "quarter": selectors.this_quarter(today),
    })
