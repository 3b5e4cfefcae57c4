"""The *Late payments* page (billing.md §6, B-34…B-39): the list of failed and overdue payments,
a case's timeline and log, and the four actions (log outreach, pause with a reason, mark a
step done, confirm cancellation). Thin: permission, form, service, render; bad input → 400
naming the field, nothing saved."""

from datetime import date

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from . import dunning_services as services
from .engine.dunning_timeline import STEP_TITLE, Step
from .filters import OwnBookDefault
from .models import DunningCase, DunningEvent, DunningPlanKind, DunningStatus, DunningStep
from .models.dunning import LIVE_STATUSES

STATUS_CHOICES = [("live", "Open or paused"), *DunningStatus.choices, ("all", "All")]


def cases_queryset():
    return DunningCase.objects.select_related("billing_customer__account", "responsible").order_by(
        "day0", "pk"
    )


class LatePaymentFilter(OwnBookDefault):
    book_lookups = ("billing_customer__account__owner", "responsible")

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label="Status", empty_label=None
    )
    step = django_filters.ChoiceFilter(choices=[(i, f"Step {i}") for i in range(6)], label="Step")
    plan_kind = django_filters.ChoiceFilter(choices=DunningPlanKind.choices, label="Plan kind")
    responsible = django_filters.ModelChoiceFilter(
        label="Responsible",
        queryset=get_user_model().objects.filter(dunning_cases__isnull=False).distinct().order_by("email"),
    )
    customer = django_filters.CharFilter(
        field_name="billing_customer__name", lookup_expr="icontains", label="Customer contains"
    )

    class Meta:
        model = DunningCase
        fields = ["book", "status", "step", "plan_kind", "responsible", "customer"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "live")
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value == "live" or not value:
            return queryset.filter(status__in=LIVE_STATUSES)
        if value == "all":
            return queryset
        return queryset.filter(status=value)



def days_late(case: DunningCase, today: date) -> int:
    end = today
    if case.status == DunningStatus.CANCELLED and case.cancelled_on:
        end = case.cancelled_on
    elif case.status == DunningStatus.RESOLVED and case.resolved_at:
        end = case.resolved_at.date()
    return max((end - case.day0).days, 0)


class LatePaymentTable(tables.Table):
    customer = tables.Column(
        accessor="billing_customer__name", verbose_name="Customer", order_by="billing_customer__name"
    )
    plan_kind = tables.Column(verbose_name="Plan kind")
    day0 = tables.DateColumn(verbose_name="Day 0", format="Y-m-d")
    days_late = tables.Column(accessor="day0", verbose_name="Days late", order_by=("-day0", "pk"))
    step = tables.Column(verbose_name="Step")
    next_step = tables.Column(verbose_name="Next step", default="—")
    next_step_due = tables.DateColumn(verbose_name="Next step due", format="Y-m-d", default="—")
    responsible = tables.Column(
        verbose_name="Responsible", default="— (no allocation lead)", order_by="responsible__email"
    )
    amount_overdue = tables.Column(verbose_name="Amount overdue")
    status = tables.Column(verbose_name="Status")
    missed = tables.Column(accessor="consecutive_missed_periods", verbose_name="Missed periods")
    advance_payment_required = tables.Column(verbose_name="Advance payment (B-39)", default="—")

    class Meta:
        model = DunningCase
        fields: list[str] = []
        sequence = [
            "customer",
            "plan_kind",
            "day0",
            "days_late",
            "step",
            "next_step",
            "next_step_due",
            "responsible",
            "amount_overdue",
            "status",
            "missed",
            "advance_payment_required",
        ]
        template_name = "django_tables2/table.html"
        attrs = {"class": "table"}
        order_by = ("next_step_due",)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_customer(self, record, value):
        return format_html(
            '<a href="{}">{}</a>', reverse("billing:late-payment-case", args=[record.pk]), value
        )

    def value_customer(self, value):
        return value

    def render_days_late(self, record):
        return days_late(record, self.today)

    def value_days_late(self, record):
        return days_late(record, self.today)

    def render_step(self, record, value):
        return f"{value} — {STEP_TITLE[Step(value)]}" if value else "0 — not late yet"

    def value_step(self, value):
        return value

    def render_next_step(self, record, value):
        return f"{value} — {STEP_TITLE[Step(value)]}"

    def value_next_step(self, value):
        return value

    def render_plan_kind(self, record):
        return record.get_plan_kind_display()

    def render_status(self, record):
        return record.get_status_display()


@login_required
def late_payments(request):
    """§6 Late payments: "list of failed and overdue payments"."""
    filterset = LatePaymentFilter(request.GET, queryset=cases_queryset(), request=request)
    table = LatePaymentTable(filterset.qs, today=timezone.now().date())
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table).response(f"late-payments.{export_format}")
    return render(request, "billing/late_payments.html", {"table": table, "filter": filterset})


class OutreachForm(forms.Form):
    channel = forms.ChoiceField(choices=services.OUTREACH_CHANNELS)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Who you contacted and what you asked for.",
    )


class PauseForm(forms.Form):
    days = forms.IntegerField(
        min_value=1, max_value=services.MAX_PAUSE_DAYS, help_text="Later steps move by this."
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="The customer's reason for more time.",
    )


class StepDoneForm(forms.Form):
    step = forms.TypedChoiceField(coerce=int, choices=[(i, f"Step {i}") for i in range(1, 5)])
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label="The subscription is to be cancelled for non-payment (step 5)")


FORMS = {"outreach": OutreachForm, "pause": PauseForm, "step_done": StepDoneForm, "cancel": CancelForm}


def _case(pk: int) -> DunningCase:
    return get_object_or_404(cases_queryset(), pk=pk)


def _detail(request, case: DunningCase, *, bound: dict | None = None, status: int = 200):
    forms_ = {name: cls(prefix=name) for name, cls in FORMS.items()}
    forms_.update(bound or {})
    steps = list(DunningStep.objects.filter(case=case).select_related("done_by").order_by("step"))
    by_step = {s.step: s for s in steps}
    due = (case.explanation.get("timeline") or {}).get("due", {})
    timeline = [
        {
            "step": int(n),
            "title": STEP_TITLE[Step(int(n))],
            "due": by_step[int(n)].due_on.isoformat() if int(n) in by_step else due.get(str(n), ""),
            "row": by_step.get(int(n)),
        }
        for n in range(1, 6)
    ]
    events = DunningEvent.objects.filter(case=case).select_related("actor").order_by("-at", "-pk")
    context = {
        "case": case,
        "timeline": timeline,
        "events": events,
        "pauses": case.pauses.select_related("created_by").order_by("starts_on"),
        "invoices": case.invoices.order_by("period_start"),
        "tagged": case.tagged.order_by("email"),
        "forms": forms_,
        "may_act": services.can_work_case(request.user, case) and case.is_live,
        "days_late": days_late(case, timezone.now().date()),
    }
    return render(request, "billing/late_payment_case.html", context, status=status)


@login_required
def late_payment_case(request, pk: int):
    return _detail(request, _case(pk))


def _act(request, pk: int, name: str, call, done: str):
    case = _case(pk)
    if not services.can_work_case(request.user, case):
        return HttpResponseForbidden(
            "Only the case's responsible person, the account's owners, managers and RevOps admins act on it."
        )
    form = FORMS[name](request.POST, prefix=name)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except PermissionDenied as exc:
            return HttpResponseForbidden(str(exc))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, done)
            return redirect("billing:late-payment-case", pk=case.pk)
    return _detail(request, case, bound={name: form}, status=400)


@login_required
@require_POST
def late_payment_outreach(request, pk: int):
    return _act(
        request,
        pk,
        "outreach",
        lambda case, d: services.dunning_outreach_log(
            case=case, note=d["note"], channel=d["channel"], acting_user=request.user
        ),
        "Outreach logged.",
    )


@login_required
@require_POST
def late_payment_pause(request, pk: int):
    return _act(
        request,
        pk,
        "pause",
        lambda case, d: services.dunning_case_pause(
            case=case, days=d["days"], reason=d["reason"], acting_user=request.user
        ),
        "Paused: the later steps moved.",
    )


@login_required
@require_POST
def late_payment_step_done(request, pk: int):
    return _act(
        request,
        pk,
        "step_done",
        lambda case, d: services.dunning_step_mark_done(
            case=case, step=d["step"], note=d["note"], acting_user=request.user
        ),
        "Step marked done.",
    )


@login_required
@require_POST
def late_payment_cancel(request, pk: int):
    return _act(
        request,
        pk,
        "cancel",
        lambda case, d: services.dunning_case_cancel(
            case=case, confirm=d["confirm"], acting_user=request.user
        ),
        "Cancellation confirmed: the Stripe cancellation is recorded (pending while Stripe writes are off).",
    )


def account_dunning(customer_ids: list[int]) -> dict[int, list[DunningCase]]:
    """The account panel's dunning section: each customer's live case (steps loaded), 2 queries."""
    cases = (
        DunningCase.objects.filter(billing_customer_id__in=customer_ids, status__in=LIVE_STATUSES)
        .select_related("responsible")
        .prefetch_related(Prefetch("steps", queryset=DunningStep.objects.order_by("step")))
    )
    found: dict[int, list[DunningCase]] = {}
    for case in cases:
        found.setdefault(case.billing_customer_id, []).append(case)
    return found
