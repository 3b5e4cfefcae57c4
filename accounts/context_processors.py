"""What every page's shell shows: navigation, the bell, the runtime mode."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import selectors
from .rules import is_revops_admin

# D-26: everyone reads everything, so every page is listed for everyone (Admin excepted).
# Later issues append their pages here, in the order a TAM's week runs.
NAVIGATION = [
    ("Home", "home"),
    ("My book", "my-book"),  # issue 16
    ("Accounts", "account-list"),  # issue 16
    ("Quota", "quota:tracker-index"),  # issue 14
    ("Quotes", "revops:quote-list"),  # issue 15
    ("Credit runway", "billing:credit-runway"),  # issue 19
    ("Late payments", "billing:late-payments"),  # issue 20
    ("Products", "billing:product-list"),
    ("Refunds", "billing:refund-list"),  # issue 20
    ("Notifications", "notifications"),
    ("API", "api-docs"),
]

# RevOps tools: shown to RevOps admins (and superusers) only.
REVOPS_NAVIGATION = [
    ("Imports", "revops:import-list"),
    ("Discount policy", "revops:policy-index"),  # issue 15
    ("Health settings", "health:settings"),  # issue 17
    ("Cross-sell settings", "crosssell:settings"),  # issue 18 (P-6)
    ("Refund escalations", "billing:refund-escalations"),  # issue 20 (B-48)
    ("Admin", "admin:index"),
]


def _nav(user, current_path: str) -> list[dict]:
    items = []
    for label, url_name in NAVIGATION:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": current_path == url})
    if is_revops_admin(user):
        for label, url_name in REVOPS_NAVIGATION:
            url = reverse(url_name)
            items.append({"label": label, "url": url, "current": current_path.startswith(url)})
    return items


def shell(request) -> dict:
    context: dict[str, object] = {"runtime_mode": settings.RUNTIME_MODE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context.update(
            navigation=_nav(user, request.path),
            unread_notifications=selectors.notifications_unread_count(user=user),
        )
    return context
