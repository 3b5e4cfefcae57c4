"""The demo's TAM actions after the first nightly run, through the real services, and a log
line per rule saying how many accounts show it (issue 18: every VIT and every pause visible)."""

import logging
from collections import Counter

from django.db import transaction

from accounts.demo.context import DemoContext

log = logging.getLogger("crosssell.demo")
PAUSE8_ACCOUNTS = 3
OVERRIDE_ACCOUNTS = 2


def _data_and_other(contacts):
    from crosssell.engine.people import families_for_title
    from crosssell.facts_loader import family_rules

    rules = family_rules()
    data = [c for c in contacts if "data" in families_for_title(c.title, rules) and c.status == "active"]
    other = [c for c in contacts if c not in data and c.status == "active" and c.org_member]
    return (data[0], other[0]) if data and other else (None, None)


def play_tam_actions(ctx: DemoContext) -> None:
    from accounts.models import Contact
    from accounts.services import contact_org_owner_set
    from crosssell import services
    from crosssell.models import AccountCrossSellState
    from crosssell.pipeline import recompute_account, recompute_dated

    states = list(
        AccountCrossSellState.objects.exclude(primary_use_case="")
        .order_by("account_id")
        .select_related("account")
    )
    contacts: dict[int, list] = {}
    for contact in Contact.objects.filter(account_id__in=[s.account_id for s in states]).order_by("id"):
        contacts.setdefault(contact.account_id, []).append(contact)
    owner_changes = 0
    for state in states:
        if owner_changes == PAUSE8_ACCOUNTS:
            break
        data, other = _data_and_other(contacts.get(state.account_id, []))
        if data is None:
            continue
        # PAUSE-8 / D-17: the org had a (non-data) owner, then a data engineer took over.
        # Each service also recomputes on commit (J-2, dated the demo's day); the explicit
        # recomputes keep the order when the caller holds a transaction (tests). Reruns are no-ops.
        with recompute_dated(ctx.as_of):
            contact_org_owner_set(contact=other, is_org_owner=True, acting_user=None)
            recompute_account(state.account_id, as_of=ctx.as_of)
            with transaction.atomic():  # the hand-over is one change
                contact_org_owner_set(contact=other, is_org_owner=False, acting_user=None)
                contact_org_owner_set(contact=data, is_org_owner=True, acting_user=None)
            recompute_account(state.account_id, as_of=ctx.as_of)
        owner_changes += 1
    for state in states[-OVERRIDE_ACCOUNTS:]:  # CLS-1: a TAM override beside the computed result
        target = (
            "growth_marketing" if state.primary_use_case != "growth_marketing" else "product_intelligence"
        )
        with recompute_dated(ctx.as_of):
            services.use_case_override_set(
                account=state.account,
                use_case=target,
                reason="Demo: the growth team runs PostHog here",
                acting_user=None,
            )
            recompute_account(state.account_id, as_of=ctx.as_of)


def visible_rules() -> Counter:
    """Rule → accounts where it is visible on the panel today (episodes open, reasons shown)."""
    from crosssell.models import Recommendation, TriggerEpisode

    seen: Counter = Counter()
    for key, count in Counter(
        TriggerEpisode.objects.filter(ended_on__isnull=True).values_list("trigger_key", flat=True)
    ).items():
        seen[f"trigger:{key}"] = count
    per_account: dict[str, set[int]] = {}
    for account_id, reasons in Recommendation.objects.filter(
        kind="product_card", status__in=("suppressed", "snoozed")
    ).values_list("account_id", "why_not_now"):
        for reason in reasons:
            per_account.setdefault(reason["reason"], set()).add(account_id)
    for reason, accounts in per_account.items():
        seen[f"pause:{reason}"] = len(accounts)
    return seen


def report(ctx: DemoContext) -> None:
    for rule, count in sorted(visible_rules().items()):
        log.info("crosssell demo: %-44s %6d accounts", rule, count)
