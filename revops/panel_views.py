"""The account commercial panel (revops.md Pages > Account commercial panel), the fragment the
account page pulls in with htmx at `revops:account_panel`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from accounts.models import Account

from . import selectors
from .commercial import commercial_picture
from .selectors import NoPolicyInForce


def account_panel(request, pk: int):
    if not request.user.has_perm("accounts.view_account"):
        raise PermissionDenied("You may not view accounts.")
    account = get_object_or_404(Account, pk=pk)
    today = timezone.localdate()
    try:
        _, policy = selectors.pricing_policy_in_force(today)
    except NoPolicyInForce:
        return render(request, "revops/partials/account_panel.html", {"account": account, "no_policy": True})
    picture = commercial_picture(account, policy)
    quotes = list(selectors.quotes().filter(account=account).order_by("-updated_at")[:5])
    return render(
        request,
        "revops/partials/account_panel.html",
        {
            "account": account,
            "picture": picture,
            "today": today,
            "quotes": quotes,
            "may_quote": request.user.has_perm("revops.add_quote", account),
        },
    )
