"""Health pages: the account panel (a fragment the account page pulls in with htmx), a page
that shows it on its own, the panel's writes, and Health settings (RevOps admins)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Account, CustomerRecommendation, HealthModel, SeasonalExplanation

from . import panel, selectors, services
from .forms import HealthSettingsForm, RecommendationForm, SeasonalForm


def _account_for(request, pk: int, perm: str = "accounts.view_account") -> Account:
    account = get_object_or_404(Account.objects.select_related("owner"), pk=pk)
    if not request.user.has_perm(perm, account):
        raise PermissionDenied
    return account


def _panel(request, account: Account, **forms):
    return render(request, "health/partials/account_panel.html", panel.context(request, account, **forms))


@login_required
def account_panel(request, pk: int):
    return _panel(request, _account_for(request, pk))


@login_required
def account_page(request, pk: int):
    account = _account_for(request, pk)
    return render(request, "health/account.html", {"account": account, **panel.context(request, account)})


def _after_write(request, account: Account, **forms):
    if request.htmx or forms:
        return _panel(request, account, **forms)
    return redirect("health:account", account.pk)


def _fail(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
@require_POST
def recommendation_add(request, pk: int):
    account = _account_for(request, pk, "accounts.change_account_records")
    form = RecommendationForm(request.POST, product_choices=panel.product_choices())
    if form.is_valid():
        try:
            services.customer_recommendation_create(
                account=account,
                description=form.cleaned_data["description"],
                product_key=form.cleaned_data["product_key"],
                acting_user=request.user,
            )
            return _after_write(request, account)
        except ValidationError as error:
            _fail(form, error)
    return _after_write(request, account, recommendation_form=form)


@login_required
@require_POST
def recommendation_status(request, pk: int):
    recommendation = get_object_or_404(CustomerRecommendation, pk=pk)
    account = _account_for(request, recommendation.account_id, "accounts.change_account_records")
    try:
        services.customer_recommendation_set_status(
            recommendation=recommendation, status=request.POST.get("status", ""), acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, "; ".join(m for ms in error.message_dict.values() for m in ms))
    return _after_write(request, account)


@login_required
@require_POST
def seasonal_add(request, pk: int):
    account = _account_for(request, pk, "accounts.change_account_records")
    form = SeasonalForm(request.POST)
    if form.is_valid():
        try:
            services.seasonal_explanation_create(
                account=account,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
            return _after_write(request, account)
        except ValidationError as error:
            _fail(form, error)
    return _after_write(request, account, seasonal_form=form)


@login_required
@require_POST
def seasonal_end(request, pk: int):
    explanation = get_object_or_404(SeasonalExplanation, pk=pk)
    account = _account_for(request, explanation.account_id, "accounts.change_account_records")
    services.seasonal_explanation_end(
        explanation=explanation, on=timezone.now().date(), acting_user=request.user
    )
    return _after_write(request, account)


@login_required
def health_settings(request):
    """§5 Health settings: the model and every threshold; saving creates a new version (D-29)."""
    if not request.user.has_perm("accounts.change_configuration"):
        raise PermissionDenied
    config = selectors.active_config()
    form = HealthSettingsForm(request.POST or None, config=config)
    preview = None
    if request.method == "POST" and "preview" in request.POST and form.is_valid():
        preview = _draft_preview(form, config)
    elif request.method == "POST" and form.is_valid():
        components, thresholds = form.documents()
        if not form.cleaned_data["note"]:
            form.add_error("note", "Say why the model changes: it is kept with the version.")
        if form.is_valid():
            try:
                model = services.health_model_create_version(
                    components=components,
                    thresholds=thresholds,
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                )
                messages.success(
                    request,
                    f"Saved health model version {model.version}; this week's scores are recomputed, "
                    "final weeks keep their version.",
                )
                return redirect("health:settings")
            except ValidationError as error:
                for key, problems in error.message_dict.items():
                    form.add_error(form.field_for_problem(key), [f"{key}: {p}" for p in problems])
    versions = HealthModel.objects.select_related("created_by").order_by("-version")[:20]
    return render(
        request,
        "health/settings.html",
        {
            "form": form,
            "preview": preview,
            "config": config,
            "versions": versions,
            "model_fields": [f for f in form if f.name.startswith("m__")],
            "threshold_fields": [f for f in form if f.name.startswith("t__")],
        },
    )


def _draft_preview(form, config):
    """§5 "preview of the score for a chosen account under the draft model": nothing is saved."""
    from .engine import ConfigError, HealthConfig, evaluate

    account_id = form.cleaned_data.get("preview_account")
    if not account_id:
        form.add_error("preview_account", "Give an account id to preview the draft on.")
        return None
    components, thresholds = form.documents()
    if not form.is_valid():
        return None
    try:
        draft = HealthConfig.from_json(
            version=config.version + 1, components=components, thresholds=thresholds
        )
    except ConfigError as error:
        for key, message in error.problems:
            form.add_error(form.field_for_problem(key), f"{key}: {message}")
        return None
    today = services.today()
    facts = selectors.load_facts([account_id], today, draft).get(account_id)
    if facts is None:
        form.add_error("preview_account", f"No account has id {account_id}.")
        return None
    now, then = (
        evaluate(facts, draft),
        evaluate(selectors.load_facts([account_id], today, config)[account_id], config),
    )
    return {
        "account": Account.objects.get(pk=account_id),
        "as_of": today,
        "draft": now,
        "current": then,
        "rows": [
            {"label": d.label, "draft": d.points, "current": c.points, "max": d.max, "rule": d.rule}
            for d, c in zip(now.components, then.components, strict=True)
        ],
    }
