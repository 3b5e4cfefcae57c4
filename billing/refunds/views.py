"""Refund pages (§6): the Refund request form with its live checklist and calculator, the list,
one request with its decision, and the Refund escalations queue. Thin: permission, form, service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from . import selectors, services
from .filters import RefundRequestFilter
from .forms import DecisionForm, ProcessForm, ReassessForm, RefundRequestForm, errors_into, find_invoice
from .tables import EscalationQueueTable, RefundRequestTable


def _facts(invoice, data) -> selectors.RefundFacts:
    """The invoice's facts as of the request day typed (today when none or bad): loaded once
    per request and shared by the form and the live checklist."""
    from datetime import date

    from django.utils import timezone

    try:
        requested_on = date.fromisoformat(data.get("requested_on", ""))
    except ValueError:
        requested_on = timezone.now().date()
    return selectors.refund_facts(invoice.pk, requested_on=requested_on)


@login_required
def refund_new(request):
    """File a refund request against one invoice (B-48: anyone with a role)."""
    invoice_text = request.POST.get("invoice") or request.GET.get("invoice", "")
    invoice = find_invoice(invoice_text)
    may_file = request.user.has_perm("billing.file_refund")
    if invoice is None:
        status = 404 if invoice_text else 200
        return render(
            request,
            "billing/refunds/refund_new.html",
            {"invoice": None, "invoice_text": invoice_text, "may_file": may_file},
            status=status,
        )
    facts = _facts(invoice, request.POST)
    form = RefundRequestForm(request.POST or None, products=facts.products, initial={"invoice": invoice.pk})
    status = 200
    if request.method == "POST":
        if not may_file:
            return HttpResponseForbidden("Users with a role file refund requests (B-48).")
        if form.is_valid():
            data = form.cleaned_data
            try:
                refund = services.refund_request_create(
                    invoice=invoice,
                    claim=form.claim(),
                    explanation=data["explanation"],
                    channel=data["channel"],
                    usage_pattern=data["usage_pattern"],
                    zendesk_ticket=data["zendesk_ticket"],
                    prevention_guidance_sent=data["prevention_guidance_sent"],
                    repeat_warning_sent=data["repeat_warning_sent"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
                status = 400
            else:
                messages.success(
                    request, f"Filed refund request #{refund.pk}: {refund.get_status_display()}."
                )
                return redirect("billing:refund-detail", pk=refund.pk)
        else:
            status = 400
    return render(
        request,
        "billing/refunds/refund_new.html",
        {"invoice": invoice, "facts": facts, "form": form, "may_file": may_file,
         **_live(form, invoice, facts)},
        status=status,
    )


def _live(form: RefundRequestForm, invoice, facts: selectors.RefundFacts) -> dict:
    """The checklist and calculator for what the form holds (nothing saved)."""
    if not form.is_bound or not form.is_valid():
        return {"result": None}
    try:
        claim = form.claim()
        _, result = services.refund_evaluate(invoice=invoice, claim=claim, facts=facts)
    except ValidationError as exc:
        errors_into(form, exc)
        return {"result": None}
    return {"result": result}


@login_required
@require_POST
def refund_check(request):
    """htmx: the live eligibility checklist and per-product calculator (the engine, no writes)."""
    invoice = find_invoice(request.POST.get("invoice", ""))
    if invoice is None:
        return render(request, "billing/refunds/partials/live.html", {"missing_invoice": True}, status=400)
    facts = _facts(invoice, request.POST)
    form = RefundRequestForm(request.POST, products=facts.products)
    context = {"form": form, "facts": facts, **_live(form, invoice, facts)}
    # htmx swaps only 2xx answers: the errors are the fragment's content, so it answers 200.
    status = 200 if context["result"] or request.htmx else 400
    return render(request, "billing/refunds/partials/live.html", context, status=status)


def _table_response(request, table, name, template, context):
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table).response(f"{name}.{export_format}")
    return render(request, template, {"table": table, **context})


@login_required
def refund_list(request):
    """Refund requests newest first, opening on the user's own book (everyone may read all, D-26);
    filters; CSV."""
    filterset = RefundRequestFilter(request.GET, queryset=selectors.refund_request_rows(), request=request)
    table = RefundRequestTable(filterset.qs)
    return _table_response(
        request, table, "refund-requests", "billing/refunds/refund_list.html", {"filter": filterset}
    )


@login_required
def refund_escalations(request):
    """§6 Refund escalations: what waits for a RevOps admin; approve or decline with a reason."""
    may_decide = request.user.has_perm("billing.decide_refund")
    table = EscalationQueueTable(selectors.escalation_queue(), request=request, may_decide=may_decide)
    return _table_response(
        request,
        table,
        "refund-escalations",
        "billing/refunds/refund_escalations.html",
        {"may_decide": may_decide},
    )


def _detail_context(request, refund, **forms):
    lines = list(refund.lines.all())
    history = list(
        refund.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    )
    return {
        "refund": refund,
        "lines": lines,
        "history": history,
        "may_decide": request.user.has_perm("billing.decide_refund"),
        "may_file": request.user.has_perm("billing.file_refund"),
        "decision_form": forms.get("decision_form") or DecisionForm(lines=lines),
        "process_form": forms.get("process_form") or ProcessForm(),
        "reassess_form": forms.get("reassess_form")
        or ReassessForm(initial={"spike_ceased": True, "mitigation": refund.mitigation}),
        "reasons": (refund.explanation_json or {}).get("reasons", []),
    }


def _refund(pk):
    return get_object_or_404(
        selectors.refund_request_rows().select_related("invoice__stripe_customer"), pk=pk
    )


@login_required
def refund_detail(request, pk: int):
    refund = _refund(pk)
    return render(request, "billing/refunds/refund_detail.html", _detail_context(request, refund))


def _decide(request, pk, action):
    refund = _refund(pk)
    if not request.user.has_perm("billing.decide_refund"):
        return HttpResponseForbidden("Only RevOps admins approve and decline refunds (B-48).")
    lines = list(refund.lines.all())
    form = DecisionForm(request.POST, lines=lines)
    status = 200
    if form.is_valid():
        try:
            if action == "approve":
                services.refund_request_approve(
                    refund=refund,
                    reason=form.cleaned_data["reason"],
                    approved_amounts=form.approved_amounts(),
                    prevention_guidance_sent=form.cleaned_data["prevention_guidance_sent"] or None,
                    repeat_warning_sent=form.cleaned_data["repeat_warning_sent"] or None,
                    acting_user=request.user,
                )
            else:
                services.refund_request_decline(
                    refund=refund, reason=form.cleaned_data["reason"], acting_user=request.user
                )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                return HttpResponseForbidden(str(exc))
            errors_into(form, exc)
            status = 400
            refund.refresh_from_db()
    else:
        status = 400
    if request.htmx and request.POST.get("from") == "queue":
        # htmx swaps only 2xx answers: the row comes back with its errors and what was typed.
        from django.middleware.csrf import get_token

        refund = _refund(pk)
        return render(
            request,
            "billing/refunds/partials/queue_result.html",
            {
                "refund": refund,
                "record": refund,
                "form": form,
                "may_decide": True,
                "csrf": get_token(request),
                "reason_value": request.POST.get("reason", ""),
                "still_open": refund.status in selectors.DECIDING,
            },
        )
    if status == 200:
        messages.success(request, f"Refund request #{refund.pk}: {refund.get_status_display()}.")
        return redirect("billing:refund-detail", pk=refund.pk)
    return render(
        request,
        "billing/refunds/refund_detail.html",
        _detail_context(request, refund, decision_form=form),
        status=status,
    )


@login_required
@require_POST
def refund_approve(request, pk: int):
    return _decide(request, pk, "approve")


@login_required
@require_POST
def refund_decline(request, pk: int):
    return _decide(request, pk, "decline")


@login_required
@require_POST
def refund_process(request, pk: int):
    refund = _refund(pk)
    if not request.user.has_perm("billing.decide_refund"):
        return HttpResponseForbidden("Only RevOps admins process refunds (B-48).")
    form = ProcessForm(request.POST)
    if form.is_valid():
        try:
            services.refund_request_process(
                refund=refund, stripe_reason=form.cleaned_data["stripe_reason"], acting_user=request.user
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(
                request, f"Refund request #{refund.pk} processed (queued for Stripe while writes are off)."
            )
            return redirect("billing:refund-detail", pk=refund.pk)
    refund.refresh_from_db()
    return render(
        request,
        "billing/refunds/refund_detail.html",
        _detail_context(request, refund, process_form=form),
        status=400,
    )


@login_required
@require_POST
def refund_reassess(request, pk: int):
    refund = _refund(pk)
    if not request.user.has_perm("billing.file_refund"):
        return HttpResponseForbidden("Users with a role update refund requests (B-48).")
    form = ReassessForm(request.POST)
    if form.is_valid():
        try:
            services.refund_request_reassess(
                refund=refund,
                spike_ceased=form.cleaned_data["spike_ceased"],
                mitigation=form.cleaned_data["mitigation"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(
                request, f"Refund request #{refund.pk} reassessed: {refund.get_status_display()}."
            )
            return redirect("billing:refund-detail", pk=refund.pk)
    refund.refresh_from_db()
    return render(
        request,
        "billing/refunds/refund_detail.html",
        _detail_context(request, refund, reassess_form=form),
        status=400,
    )


def refund_new_url(invoice_pk: int) -> str:
    return reverse("billing:refund-new") + f"?invoice={invoice_pk}"
