from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from accounts.models import Account

from . import panel, selectors, services
from .filters import CreditRunwayFilter, ProductFilter
from .forms import AddCreditForm
from .models import BillingCustomer, CreditGrantKind, CreditRunway, Invoice
from .tables import CreditRunwayTable, ProductTable


@login_required
def product_list(request):
    filterset = ProductFilter(request.GET, queryset=selectors.product_catalogue())
    table = ProductTable(filterset.qs)
    RequestConfig(request, paginate=False).configure(table)
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table).response(f"products.{export_format}")
    return render(request, "billing/product_list.html", {"table": table, "filter": filterset})


def account_panel(request, pk: int):
    """The account page's billing panel (an htmx fragment); accounts.view_account, 403 otherwise."""
    account = get_object_or_404(Account, pk=pk)
    if not request.user.has_perm("accounts.view_account", account):
        return HttpResponseForbidden("You may not view this account.")
    customers = panel.account_billing(account.pk)
    from .dunning_views import account_dunning  # issue 20: the open dunning case section

    dunning = account_dunning([p.customer.pk for p in customers])
    for p in customers:
        p.dunning_cases = dunning.get(p.customer.pk, [])  # type: ignore[attr-defined]
    may_add = request.user.has_perm("billing.add_one_time_credit", account) or request.user.has_perm(
        "billing.add_other_credit", account
    )
    return render(
        request,
        "billing/partials/account_panel.html",
        {"account": account, "customers": customers, "may_add_credit": may_add},
    )


@login_required
def credit_runway_list(request):
    """§6 Credit runway: every customer with credit or an active purchase, soonest run-out first."""
    filterset = CreditRunwayFilter(request.GET, queryset=selectors.credit_runway_rows(), request=request)
    table = CreditRunwayTable(filterset.qs, request=request)
    RequestConfig(request, paginate={"per_page": 100}).configure(table)
    export_format = request.GET.get("_export")
    if TableExport.is_valid_format(export_format):
        return TableExport(export_format, table).response(f"credit-runway.{export_format}")
    return render(request, "billing/credit_runway_list.html", {"table": table, "filter": filterset})


@login_required
@require_POST
def credit_runway_acknowledge(request, pk: int):
    runway = get_object_or_404(CreditRunway.objects.select_related("billing_customer__account"), pk=pk)
    if not request.user.has_perm("billing.acknowledge_runway", runway.billing_customer.account):
        return HttpResponseForbidden("Only the account's owners, managers and RevOps admins acknowledge.")
    try:
        services.credit_runway_acknowledge(runway=runway, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, f"Acknowledged the run-out alert for {runway.billing_customer}.")
    if request.htmx:
        row = selectors.credit_runway_rows().filter(pk=runway.pk)
        table = CreditRunwayTable(row, request=request)
        return render(request, "billing/partials/runway_row.html", {"table": table, "row": table.rows[0]})
    return redirect("billing:credit-runway")


def _allowed_kinds(user) -> list[str]:
    kinds = ["ONE_TIME"]
    if user.has_perm("billing.add_other_credit", None):
        kinds += [k for k, _ in CreditGrantKind.choices if k != "ONE_TIME"]
    return kinds


@login_required
def credit_add(request):
    """Add credit (B-17…B-19). Credits only apply to upcoming invoices (B-18): reached from a
    finalized invoice, this sends the user to the refund form instead."""
    invoice_id = request.GET.get("invoice")
    if invoice_id:
        invoice = Invoice.objects.filter(pk=invoice_id).first()
        if invoice is not None and invoice.is_finalized:
            try:
                return redirect(reverse("billing:refund-new") + f"?invoice={invoice.pk}")
            except NoReverseMatch:
                messages.info(
                    request,
                    "Credits only apply to upcoming invoices; a completed invoice is "
                    "adjusted with a refund (B-18).",
                )
    initial = {}
    customer_id = request.GET.get("customer")
    if customer_id and customer_id.isdigit():
        initial["billing_customer"] = BillingCustomer.objects.filter(pk=customer_id).first()
    form = AddCreditForm(request.POST or None, initial=initial, allowed_kinds=_allowed_kinds(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            customer = data["billing_customer"]
            try:
                grant = services.credit_grant_create(
                    billing_customer=customer,
                    kind=data["kind"],
                    amount=data["amount"],
                    reason=data["reason"] or "",
                    notes=data["notes"],
                    reference_link=data["reference_link"],
                    expires_at=data["expires_at"],
                    acting_user=request.user,
                )
            except PermissionDenied:
                form.add_error(
                    "billing_customer",
                    "You may not add this kind of credit to this customer's "
                    "account (B-17: owners, managers and RevOps admins for one-time "
                    "credits; RevOps admins for the rest).",
                )
                status = 403
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                status = 400
            else:
                messages.success(
                    request,
                    f"Added {grant.amount} of credit to {customer}; the balance "
                    "transaction is queued for Stripe (pending while writes are off).",
                )
                return redirect(reverse("billing:credit-runway") + f"?customer={customer.pk}")
        else:
            status = 400
    return render(request, "billing/credit_add.html", {"form": form}, status=status)
