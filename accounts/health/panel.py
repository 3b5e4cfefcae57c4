"""What the health panel shows (§5 Account > Health), read in a fixed number of queries."""

from django.http import HttpRequest

from accounts.models import Account, CustomerRecommendation, SeasonalExplanation

from . import selectors, services
from .engine import REASON_LABELS
from .forms import RecommendationForm, SeasonalForm


def product_choices() -> list[tuple[str, str]]:
    from billing import selectors as billing_selectors  # billing sits right of accounts

    return [(p.key, p.name) for p in billing_selectors.product_catalogue()]


def context(request: HttpRequest, account: Account, **forms) -> dict:
    rows = selectors.account_scores(account.pk)
    latest = rows[0] if rows else None
    previous = selectors.previous_final(rows, latest) if latest else None
    deltas = selectors.component_deltas(latest, previous) if latest else []
    today = services.today()
    history = [
        {"week_start": r.week_start.isoformat(), "score": r.score, "band": r.band, "final": r.final}
        for r in reversed(rows)
    ]
    return {
        "account": account,
        "latest": latest,
        "previous": previous,
        "score_delta": (latest.score - previous.score)
        if latest and previous and latest.score is not None and previous.score is not None
        else None,
        "components": deltas,
        "drops": selectors.biggest_drops(deltas),
        "top_losses": latest.top_losses if latest else [],
        "history": history,
        "history_rows": rows,
        "chart_id": f"health-history-{account.pk}",
        "signals": selectors.account_open_signals(account.pk),
        "reasons": [
            {**reason, "label": REASON_LABELS.get(reason["key"], reason["key"])}
            for reason in (latest.churn_reasons if latest else [])
        ],
        "seasonal": [
            {"row": s, "active": s.starts_on <= today <= s.ends_on, "ended": s.ends_on < today}
            for s in SeasonalExplanation.objects.filter(account=account).order_by("-starts_on")[:20]
        ],
        "recommendations": list(
            CustomerRecommendation.objects.filter(account=account)
            .select_related("given_by")
            .order_by("status", "-given_at")[:30]
        ),
        "can_edit": request.user.has_perm("accounts.change_account_records", account),
        "recommendation_form": forms.get("recommendation_form")
        or RecommendationForm(product_choices=product_choices()),
        "seasonal_form": forms.get("seasonal_form") or SeasonalForm(),
    }
