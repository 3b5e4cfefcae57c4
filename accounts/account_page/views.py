"""The account page and its edits. Thin: permission, form, service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Account, Contact

from . import selectors, services
from .forms import BusinessInfoForm, ContactStatusForm, NoteForm


def _account(pk: int) -> Account:
    try:
        return selectors.account_for_page(pk)
    except Account.DoesNotExist:
        raise Http404("No such account.") from None


def _timeline_context(request, account: Account, note_form: NoteForm | None = None) -> dict:
    kind = request.GET.get("kind", "")
    return {
        "account": account,
        "timeline": selectors.timeline(account, kind),
        "timeline_kind": kind,
        "timeline_filters": selectors.TIMELINE_FILTERS,
        "note_form": note_form or NoteForm(account=account),
        "can_edit_records": request.user.has_perm("accounts.change_account_records", account),
    }


def _page(request, account: Account, *, business_form=None, note_form=None, status=200):
    today = timezone.localdate()
    can_edit_business = request.user.has_perm("accounts.change_business_info", account)
    context = {
        **_timeline_context(request, account, note_form),
        "header": selectors.header(account),
        "contacts": selectors.contacts(account, today),
        "products": selectors.products(account),
        "panels": selectors.panel_slots(account),
        "can_edit_business": can_edit_business,
        "business_form": business_form or (BusinessInfoForm(instance=account) if can_edit_business else None),
        "business_form_open": business_form is not None,
        "status_form": ContactStatusForm(),
    }
    return render(request, "accounts/account_detail.html", context, status=status)


@login_required
def account_detail(request, pk: int):
    return _page(request, _account(pk))


@login_required
def account_timeline(request, pk: int):
    account = _account(pk)
    template = "accounts/partials/timeline.html" if request.htmx else "accounts/account_detail.html"
    if not request.htmx:
        return _page(request, account)
    return render(request, template, _timeline_context(request, account))


@login_required
@require_POST
def account_business_info(request, pk: int):
    account = _account(pk)
    if not request.user.has_perm("accounts.change_business_info", account):
        raise PermissionDenied("You may not edit this account's business info.")
    form = BusinessInfoForm(request.POST, instance=_account(pk))
    if form.is_valid():
        try:
            services.account_business_info_update(
                account=account, changes=form.changes(), acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Business info saved.")
            return redirect(reverse("account-detail", args=[pk]) + "#business-info")
    return _page(request, account, business_form=form, status=400)


@login_required
@require_POST
def account_note_add(request, pk: int):
    account = _account(pk)
    if not request.user.has_perm("accounts.change_account_records", account):
        raise PermissionDenied("You may not add notes to this account.")
    form = NoteForm(request.POST, account=account)
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.note_add(
                account=account, kind=data["kind"], direction=data["direction"], body=data["body"],
                tags=data["tags"], occurred_at=data["occurred_at"], contacts=list(data["contacts"]),
                acting_user=request.user,
            )
            saved = True
        except ValidationError as error:
            form.add_error(None, error)
    if request.htmx:
        context = _timeline_context(request, account, None if saved else form)
        context["note_saved"] = saved
        # 200 even with errors: htmx 2 swaps no 4xx answer, and the form must show them.
        return render(request, "accounts/partials/timeline.html", context)
    if saved:
        messages.success(request, "Note added.")
        return redirect(reverse("account-detail", args=[pk]) + "#timeline")
    return _page(request, account, note_form=form, status=400)


@login_required
@require_POST
def account_contact_status(request, pk: int, contact_id: int):
    account = _account(pk)
    contact = get_object_or_404(Contact, pk=contact_id, account=account)
    if not request.user.has_perm("accounts.change_account_records", account):
        raise PermissionDenied("You may not change this account's contacts.")
    form = ContactStatusForm(request.POST)
    if form.is_valid():
        title = form.cleaned_data["title"].strip() or None
        services.contact_status_change(
            contact=contact, status=form.cleaned_data["status"], title=title, acting_user=request.user
        )
        messages.success(request, f"{contact.name}: status saved.")
    else:
        messages.error(request, "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items()))
    return redirect(reverse("account-detail", args=[pk]) + "#contacts")
