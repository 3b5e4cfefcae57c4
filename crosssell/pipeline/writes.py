"""The chunk's pending writes and the one bulk statement per table that flushes them."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.urls import reverse
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from crosssell.models import (
    AccountCrossSellState,
    AccountFacts,
    ComplianceScreen,
    ImplementationCheckItem,
    Recommendation,
    TriggerEpisode,
    UseCaseAssignment,
)

REC_FIELDS = (
    "product",
    "feature",
    "trigger_key",
    "subject",
    "text",
    "target_use_case",
    "motion",
    "tier",
    "path_position",
    "maturity",
    "status",
    "why_this",
    "why_now",
    "why_not_now",
    "rank",
    "last_candidate_on",
    "updated_on",
)
UC_FIELDS = (
    "status",
    "live",
    "attributed_spend",
    "active_products",
    "core_buyer_active_members",
    "rank",
    "evidence",
    "evaluated_on",
)
STATE_FIELDS = (
    "computed_primary_use_case",
    "primary_use_case",
    "secondary_use_cases",
    "first_team",
    "phase",
    "phase_since",
    "phase_evidence",
    "window",
    "contract_month",
    "explanation",
    "last_evaluated_on",
)


@dataclass
class Writes:
    facts: list[AccountFacts] = field(default_factory=list)
    screens_new: list[ComplianceScreen] = field(default_factory=list)
    screens_changed: list[ComplianceScreen] = field(default_factory=list)
    items_new: list[ImplementationCheckItem] = field(default_factory=list)
    items_changed: list[ImplementationCheckItem] = field(default_factory=list)
    uc_new: list[UseCaseAssignment] = field(default_factory=list)
    uc_changed: list[UseCaseAssignment] = field(default_factory=list)
    states_new: list[AccountCrossSellState] = field(default_factory=list)
    states_changed: list[AccountCrossSellState] = field(default_factory=list)
    episodes_new: list[TriggerEpisode] = field(default_factory=list)
    episodes_touched: list[int] = field(default_factory=list)
    episodes_ended: list[int] = field(default_factory=list)
    recs_new: list[Recommendation] = field(default_factory=list)
    recs_changed: list[Recommendation] = field(default_factory=list)
    notices: list[tuple[int, int, str]] = field(default_factory=list)  # (owner id, account id, text)

    def merge(self, other: "Writes") -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).extend(getattr(other, name))


def changed(obj, values: dict) -> bool:
    dirty = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            dirty = True
    return dirty


def write(w: Writes, today: date) -> None:
    from accounts.models import User

    if w.facts:
        AccountFacts.objects.bulk_create(
            w.facts,
            update_conflicts=True,
            unique_fields=["account", "date"],
            update_fields=["facts", "sources", "multiplier"],
        )
    for new, changed, model, fields in (
        (w.screens_new, w.screens_changed, ComplianceScreen, ["status", "reasons", "screened_on"]),
        (w.items_new, w.items_changed, ImplementationCheckItem, ["status", "evidence"]),
        (w.uc_new, w.uc_changed, UseCaseAssignment, list(UC_FIELDS)),
        (w.states_new, w.states_changed, AccountCrossSellState, list(STATE_FIELDS)),
        (w.recs_new, w.recs_changed, Recommendation, list(REC_FIELDS)),
    ):
        if new:
            bulk_create_with_history(new, model, batch_size=500)
        if changed:
            bulk_update_with_history(changed, model, fields, batch_size=500)
    if w.episodes_new:
        TriggerEpisode.objects.bulk_create(w.episodes_new, batch_size=500)
    if w.episodes_touched:
        TriggerEpisode.objects.filter(pk__in=w.episodes_touched).update(last_true_on=today)
    if w.episodes_ended:
        TriggerEpisode.objects.filter(pk__in=w.episodes_ended).update(ended_on=today)
    if w.notices:
        notices = list(w.notices)

        def send() -> None:
            from accounts.services import notify

            users = User.objects.in_bulk({owner for owner, _, _ in notices})
            # One transaction for the chunk's notices (each notify() is then a savepoint, not
            # a commit of its own); J-3's «notified once» per new episode is unchanged.
            with transaction.atomic():
                for owner, account_id, text in notices:
                    if owner not in users:
                        continue
                    notify(
                        recipient=users[owner],
                        kind="crosssell_trigger",
                        text=text,
                        link=reverse("crosssell:account_page", args=[account_id]),
                    )

        transaction.on_commit(send)
