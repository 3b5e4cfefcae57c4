"""P-1 (the account panel and its actions) and P-6 (Cross-sell settings). Thin: permission,
form, service, render. Actions answer with the re-rendered panel for htmx, else redirect."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.models import Account
from accounts.rules import is_revops_admin

from . import selectors, services
from .engine import DEFINITIONS, USE_CASE_NAMES
from .engine.catalogue import label
from .forms import (
    CheckItemForm,
    CompanyTagsForm,
    OrgOwnerForm,
    OverrideForm,
    PathwayForm,
    PersonasForm,
    PhaseOverrideForm,
    QuestionForm,
    ReasonForm,
    RoleFamilyForm,
    SettingsForm,
    SignalEventForm,
    SnoozeForm,
)
from .models import (
    AccountSignalEvent,
    CrossSellPathway,
    DiscoveryQuestion,
    Recommendation,
    RoleFamilyRule,
    UseCase,
)


def _account(request, pk: int, perm: str = "accounts.view_account") -> Account:
    account = get_object_or_404(Account.objects.select_related("owner"), pk=pk)
    if not request.user.has_perm(perm, account):
        raise PermissionDenied("You may not see or change this account's cross-sell panel.")
    return account


def _product_keys() -> list[str]:
    from billing.selectors import product_keys

    return sorted(product_keys())


def _panel_context(request, account: Account, **forms) -> dict:
    panel = selectors.account_panel(account.pk)
    state = panel.state
    explanation = (state.explanation if state else {}) or {}
    return {
        "account": account,
        "panel": panel,
        "state": state,
        "explanation": explanation,
        "use_case_names": USE_CASE_NAMES,
        "trigger_names": {k: d.name for k, d in DEFINITIONS.items()},
        "can_change": request.user.has_perm("accounts.change_account_records", account),
        "override_form": forms.get("override_form")
        or OverrideForm(
            initial={
                "use_case": state.override_use_case if state else "",
                "reason": state.override_reason if state else "",
            }
        ),
        "phase_form": forms.get("phase_form") or PhaseOverrideForm(),
        "event_form": forms.get("event_form") or SignalEventForm(product_keys=_product_keys()),
        "item_form": forms.get("item_form") or CheckItemForm(),
        "tags_form": forms.get("tags_form")
        or CompanyTagsForm(initial={"company_tags": ", ".join(account.company_tags or [])}),
        "card_errors": forms.get("card_errors") or {},
        "contact_errors": forms.get("contact_errors") or {},
        "event_errors": forms.get("event_errors") or {},
        "product_label": label,
    }


def _respond(request, account: Account, **forms):
    if request.htmx or forms:
        status = 400 if forms else 200
        return render(
            request,
            "crosssell/partials/account_panel.html",
            _panel_context(request, account, **forms),
            status=status,
        )
    return redirect("crosssell:account_page", pk=account.pk)


@login_required
def account_panel(request, pk: int):
    """P-1 fragment for the account page (issue 16 pulls it in with htmx)."""
    account = _account(request, pk)
    return render(request, "crosssell/partials/account_panel.html", _panel_context(request, account))


@login_required
def account_page(request, pk: int):
    """A page of its own around the panel, until the account page lands."""
    account = _account(request, pk)
    return render(request, "crosssell/account_page.html", {"account": account})


def _change(view):
    @login_required
    @require_POST
    @wraps(view)
    def wrapped(request, pk: int, *args, **kwargs):
        account = _account(request, pk, "accounts.change_account_records")
        return view(request, account, *args, **kwargs)

    return wrapped


@_change
def override(request, account: Account):
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, override_form=form)
    if form.cleaned_data["use_case"]:
        services.use_case_override_set(
            account=account,
            use_case=form.cleaned_data["use_case"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    else:
        services.use_case_override_remove(account=account, acting_user=request.user)
    return _respond(request, account)


@_change
def phase_override(request, account: Account):
    form = PhaseOverrideForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, phase_form=form)
    services.phase_override_set(
        account=account,
        phase=form.cleaned_data["phase"],
        reason=form.cleaned_data["reason"],
        acting_user=request.user,
    )
    return _respond(request, account)


@_change
def log_event(request, account: Account):
    form = SignalEventForm(request.POST, product_keys=_product_keys())
    if not form.is_valid():
        return _respond(request, account, event_form=form)
    data = form.cleaned_data
    services.signal_event_log(
        account=account,
        type=data["type"],
        occurred_on=data["occurred_on"],
        product=data["product"],
        subtype=data["subtype"],
        detail=data["detail"],
        acting_user=request.user,
    )
    return _respond(request, account)


@_change
def clear_event(request, account: Account, event_pk: int):
    event = get_object_or_404(AccountSignalEvent, pk=event_pk, account=account)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, event_errors={event.pk: form.errors["reason"]})
    try:
        services.signal_event_clear(event=event, reason=form.cleaned_data["reason"], acting_user=request.user)
    except ValidationError as exc:
        return _respond(request, account, event_errors={event.pk: exc.messages})
    return _respond(request, account)


@_change
def company_tags(request, account: Account):
    from accounts.services import account_company_tags_set

    form = CompanyTagsForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, tags_form=form)
    tags = form.cleaned_data["company_tags"]
    account_company_tags_set(account=account, tags=tags, acting_user=request.user)
    return _respond(request, account)


@_change
def set_check_item(request, account: Account):
    form = CheckItemForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, item_form=form)
    services.check_item_set(account=account, acting_user=request.user, **form.cleaned_data)
    return _respond(request, account)


@_change
def org_owner(request, account: Account, contact_pk: int):
    """PAUSE-8 / LOOK-10: the TAM sets who owns the customer's PostHog org (history kept)."""
    from accounts.models import Contact
    from accounts.services import contact_org_owner_set

    contact = get_object_or_404(Contact, pk=contact_pk, account=account)
    form = OrgOwnerForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, contact_errors={contact.pk: form.errors["is_org_owner"]})
    contact_org_owner_set(
        contact=contact, is_org_owner=form.cleaned_data["is_org_owner"], acting_user=request.user
    )
    return _respond(request, account)


@_change
def dismiss(request, account: Account, rec_pk: int):
    rec = get_object_or_404(Recommendation, pk=rec_pk, account=account)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, card_errors={rec.pk: form.errors["reason"]})
    services.recommendation_dismiss(
        recommendation=rec, reason=form.cleaned_data["reason"], acting_user=request.user
    )
    return _respond(request, account)


@_change
def snooze(request, account: Account, rec_pk: int):
    rec = get_object_or_404(Recommendation, pk=rec_pk, account=account)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        return _respond(request, account, card_errors={rec.pk: form.errors["until"]})
    services.recommendation_snooze(
        recommendation=rec, until=form.cleaned_data["until"], acting_user=request.user
    )
    return _respond(request, account)


def revops_admin_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_revops_admin(request.user):
            raise PermissionDenied("Only RevOps admins may change the cross-sell settings.")
        return view(request, *args, **kwargs)

    return wrapped


@revops_admin_required
def settings_page(request):
    """P-6: thresholds, windows, pause durations, enablement (versioned) and the role-family map."""
    policy = selectors.policy_in_force()
    form = SettingsForm(
        request.POST if request.POST.get("section") == "policy" else None,
        initial=SettingsForm.initial_from(policy),
    )
    rules_text = "\n".join(
        f"{r.keyword}: {', '.join(r.families)}{' !' if r.exclusive else ''}"
        for r in RoleFamilyRule.objects.all()
    )
    family_form = RoleFamilyForm(
        request.POST if request.POST.get("section") == "families" else None, initial={"rules": rules_text}
    )
    if request.method == "POST":
        if request.POST.get("section") == "policy" and form.is_valid():
            services.settings_update(
                params=form.params(), note=form.cleaned_data["note"], acting_user=request.user
            )
            return redirect("crosssell:settings")
        if request.POST.get("section") == "families" and family_form.is_valid():
            with transaction.atomic():
                services.role_family_rules_replace(
                    rules=family_form.cleaned_data["rules"], acting_user=request.user
                )
            return redirect("crosssell:settings")
    from billing.selectors import product_catalogue

    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "crosssell/settings.html",
        {
            "form": form,
            "family_form": family_form,
            "versions": selectors.settings_versions(),
            "catalogue": list(product_catalogue()),
            "pathways": list(CrossSellPathway.objects.all()),
            "questions": list(
                DiscoveryQuestion.objects.order_by("scope", "use_case", "product", "order", "id")
            ),
            "use_cases": list(UseCase.objects.all()),
            "use_case_names": USE_CASE_NAMES,
        },
        status=status,
    )


def _edit_page(request, obj, form, title: str, save):
    """P-6's reference-row editor: GET shows the form and the row's history; a valid POST saves
    through the service (audited) and goes back to the settings page; bad input answers 400."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("crosssell:settings")
    history = list(obj.history.select_related("history_user").order_by("-history_date")[:10])
    status = 400 if request.method == "POST" else 200
    context = {"title": title, "form": form, "history": history}
    return render(request, "crosssell/settings_edit.html", context, status=status)


@revops_admin_required
def settings_pathway(request, code: str):
    """P-6 / UC-3: edit one cross-sell pathway row."""
    pathway = get_object_or_404(CrossSellPathway, code=code)
    initial = {name: getattr(pathway, name) for name in services.PATHWAY_FIELDS}
    form = PathwayForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        pathway,
        form,
        f"Pathway {pathway.code}",
        lambda data: services.pathway_update(
            pathway=pathway, values=data, reason=data["reason"], acting_user=request.user
        ),
    )


@revops_admin_required
def settings_question(request, pk: int):
    """P-6 / DQ-1, DQ-2: edit one discovery question."""
    question = get_object_or_404(DiscoveryQuestion, pk=pk)
    initial = {name: getattr(question, name) for name in services.QUESTION_FIELDS}
    form = QuestionForm(request.POST or None, initial=initial)
    return _edit_page(
        request,
        question,
        form,
        f"Discovery question ({question.get_scope_display()})",
        lambda data: services.discovery_question_update(
            question=question, values=data, reason=data["reason"], acting_user=request.user
        ),
    )


@revops_admin_required
def settings_personas(request, key: str):
    """P-6 / UC-1b: edit a use case's personas to target."""
    use_case = get_object_or_404(UseCase, key=key)
    form = PersonasForm(request.POST or None, initial={"personas": PersonasForm.as_text(use_case.personas)})
    return _edit_page(
        request,
        use_case,
        form,
        f"Personas to target — {use_case.name}",
        lambda data: services.use_case_personas_set(
            use_case=use_case, personas=data["personas"], reason=data["reason"], acting_user=request.user
        ),
    )
