"""One chunk of the chain: load set-wise, evaluate per account (isolated), write in bulk.

Queries per chunk are fixed: the loader's reads, one read each of open episodes, cards and
use-case rows, then one bulk statement (or none) per table written. Notifications go out on
commit through `accounts.services.notify()`, one per new episode behind a card.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from crosssell.engine import (
    USE_CASES, Evaluation, OwnerChange, Policy, Reference, compute_phase, evaluate, first_team,
)
from crosssell.engine.codec import to_json
from crosssell.engine.people import FamilyRule, detect_implementation_items, screen_compliance
from crosssell.facts_loader import ChunkInputs, load_chunk
from crosssell.models import (
    AccountCrossSellState, AccountFacts, ComplianceScreen, ImplementationCheckItem, Recommendation,
    TriggerEpisode, UseCaseAssignment,
)

from .episodes import (
    card_row, episode_changes, expired, keep_reason_since, lifecycle_status, task_row,
)

REC_FIELDS = (
    "product", "feature", "trigger_key", "subject", "text", "target_use_case", "motion", "tier",
    "path_position", "maturity", "status", "why_this", "why_now", "why_not_now", "rank",
    "last_candidate_on", "updated_on",
)
UC_FIELDS = ("status", "live", "attributed_spend", "active_products", "core_buyer_active_members", "rank", "evidence", "evaluated_on")
STATE_FIELDS = (
    "computed_primary_use_case", "primary_use_case", "secondary_use_cases", "first_team", "phase",
    "phase_since", "phase_evidence", "window", "contract_month", "explanation", "last_evaluated_on",
)


@dataclass
class ChunkContext:
    today: date
    reference: Reference
    policy: Policy
    rules: list[FamilyRule]


@dataclass
class ChunkResult:
    counts: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)


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


def _changed(obj, values: dict) -> bool:
    dirty = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            dirty = True
    return dirty


def process_chunk(account_ids: list[int], ctx: ChunkContext) -> ChunkResult:
    result = ChunkResult()
    inputs = load_chunk(account_ids, ctx.today, ctx.rules)
    episodes: dict[int, list[TriggerEpisode]] = {}
    for e in TriggerEpisode.objects.filter(account_id__in=account_ids, ended_on__isnull=True):
        episodes.setdefault(e.account_id, []).append(e)
    recs: dict[int, dict[tuple[str, str], Recommendation]] = {}
    for r in Recommendation.objects.filter(account_id__in=account_ids):
        recs.setdefault(r.account_id, {})[(r.kind, r.key)] = r
    ucs: dict[int, dict[str, UseCaseAssignment]] = {}
    for u in UseCaseAssignment.objects.filter(account_id__in=account_ids):
        ucs.setdefault(u.account_id, {})[u.use_case] = u
    writes = Writes()
    for account_id in account_ids:
        if account_id not in inputs.facts:
            continue
        try:
            with transaction.atomic():  # nothing is written here; the savepoint guards ORM reads
                _account(account_id, inputs, episodes.get(account_id, []), recs.get(account_id, {}),
                         ucs.get(account_id, {}), ctx, writes, result)
            result.counts["accounts_ok"] += 1
        except Exception as exc:  # one account's failure never aborts the others (J-1)
            result.errors.append({"account_id": account_id, "error": f"{type(exc).__name__}: {exc}"})
            result.counts["accounts_failed"] += 1
    _write(writes, ctx.today)
    return result


def _account(account_id, inputs: ChunkInputs, open_episodes, recs, ucs, ctx: ChunkContext, w: Writes, result: ChunkResult):
    today = ctx.today
    facts = inputs.facts[account_id]
    # Step 1 screen_compliance (WWDB): the account's country and legal's flags.
    screen = inputs.screens.get(account_id)
    country = inputs.sources[account_id].get("hq_country") or ""
    verdict = screen_compliance(
        [country], us_person_exemption=bool(screen and screen.us_person_exemption),
        sanctions_listed=bool(screen and screen.sanctions_listed),
        discretionary_hold=bool(screen and screen.discretionary_hold),
        review_cleared=bool(screen and screen.cleared_at),
    )
    values = {"status": verdict.status, "reasons": list(verdict.reasons), "screened_on": today}
    if screen is None:
        w.screens_new.append(ComplianceScreen(account_id=account_id, **values))
    elif screen.status != verdict.status or screen.reasons != list(verdict.reasons):
        _changed(screen, values)
        w.screens_changed.append(screen)
    # Step 3 detect_implementation_issues (D-30): auto items where the usage fact exists.
    items = inputs.check_items.get(account_id, {})
    open_items = set(facts.open_implementation_items)
    for item, (is_open, evidence) in detect_implementation_items(
        group_plan_active=inputs.group_plan.get(account_id, False), group_count=facts.usage.group_count
    ).items():
        row = items.get(item)
        if row is None and is_open:
            w.items_new.append(ImplementationCheckItem(
                account_id=account_id, item=item, status="open", detected_by="auto", evidence=evidence))
            open_items.add(item)
        elif row is not None and row.detected_by == "auto":
            status = "open" if is_open else ("fixed" if row.status == "open" else row.status)
            if _changed(row, {"status": status, "evidence": evidence}):
                w.items_changed.append(row)
            (open_items.add if status == "open" else open_items.discard)(item)
    # PAUSE-8 (D-17): track the org-owner set; a change to a data-family contact pauses.
    state = inputs.states.get(account_id)
    explanation = dict(state.explanation) if state else {}
    owners = inputs.org_owners.get(account_id, [])
    owner_ids = sorted(o["id"] for o in owners)
    change = explanation.get("data_engineer_owner")
    previous_ids = explanation.get("org_owner_ids")
    if previous_ids is not None and previous_ids != owner_ids:
        newcomers = [o for o in owners if o["id"] not in previous_ids]
        data_owner = next((o for o in newcomers if "data" in o["families"]), None)
        change = {"contact_id": data_owner["id"], "name": data_owner["name"], "changed_on": today.isoformat()} if data_owner else None
    explanation["org_owner_ids"] = owner_ids
    explanation["data_engineer_owner"] = change
    owner_change = None
    if change:
        changed_on = date.fromisoformat(change["changed_on"])
        cleared = state is not None and state.data_engineer_owner_cleared_on is not None and state.data_engineer_owner_cleared_on >= changed_on
        if not cleared:
            owner_change = OwnerChange(change["name"], changed_on)
    facts = replace(
        facts, compliance_status=verdict.status, open_implementation_items=tuple(sorted(open_items)),
        data_engineer_owner=owner_change,
    )
    # Step 2 compute_facts: the day's row, exactly the engine's input.
    multiplier = inputs.sources[account_id].get("multiplier")
    w.facts.append(AccountFacts(
        account_id=account_id, date=today, facts=to_json(facts), sources=inputs.sources[account_id],
        multiplier=Decimal(multiplier) if multiplier else None,
    ))
    # Steps 4, 6, 7: classify, triggers, recommendations (the preview's engine function).
    override = (state.override_use_case, state.override_reason) if state and state.override_use_case else None
    ev = evaluate(facts, reference=ctx.reference, policy=ctx.policy, primary_override=override)
    _use_cases(account_id, ev, ucs, today, w)
    # Step 5 compute_phase (PH-1 without shampoo; never regressing by itself).
    first = (state.first_team if state and state.first_team else None) or (
        first_team(facts) if ev.classification.primary else None
    )
    live_count = sum(1 for r in ev.classification.use_cases.values() if r.live)
    phase = compute_phase(
        facts, primary=ev.classification.primary, live_use_cases=live_count, first=first,
        days_since_paid_start=ev.days_since_paid_start, previous=state.phase if state else None,
    )
    phase_name = state.phase_override if state and state.phase_override else phase.phase
    explanation.update({
        "notes": list(ev.notes), "triggers": list(ev.triggers), "ai_signal": ev.ai_signal,
        "overrides_applied": list(ev.computed.overrides_applied),
        "path": [{"position": s.position, "product": s.product, "feature": s.feature, "state": s.state, "reason": s.reason} for s in ev.path],
        "next_product": ev.next_product.label if ev.next_product else None,
        "pauses": {k: {"label": r.label, "reopens_when": r.reopens_when, "reopens_on": r.reopens_on.isoformat() if r.reopens_on else None} for k, r in ev.reasons.items()},
        "multiplier": multiplier,
    })
    state_values = {
        "computed_primary_use_case": ev.computed.primary or "",
        "primary_use_case": ev.classification.primary or "",
        "secondary_use_cases": list(ev.classification.secondary),
        "first_team": first or "",
        "phase": phase_name,
        "phase_since": state.phase_since if state and state.phase == phase_name and state.phase_since else today,
        "phase_evidence": phase.evidence,
        "window": ev.window.name,
        "contract_month": ev.window.contract_month,
        "explanation": explanation,
        "last_evaluated_on": today,
    }
    if state is None:
        w.states_new.append(AccountCrossSellState(account_id=account_id, **state_values))
    else:
        values = {k: v for k, v in state_values.items() if k != "last_evaluated_on"}
        if _changed(state, values):
            state.last_evaluated_on = today
            w.states_changed.append(state)
    # J-3 episodes.
    evidence = {key: {"rule": key, "as_of": today.isoformat()} for key in ev.triggers}
    changes = episode_changes(ev.triggers, open_episodes, today, ctx.policy.episode_end_days, evidence)
    new_keys = set()
    for key, subject, ev_evidence in changes.opened:
        w.episodes_new.append(TriggerEpisode(
            account_id=account_id, trigger_key=key, subject=subject, started_on=today, last_true_on=today,
            evidence=ev_evidence, notified=False,
        ))
        new_keys.add((key, subject))
    w.episodes_touched += changes.touched
    w.episodes_ended += changes.ended
    result.counts["episodes_opened"] += len(changes.opened)
    result.counts["episodes_ended"] += len(changes.ended)
    # Step 7: recommendations upserted by key, with their lifecycle.
    desired: dict[tuple[str, str], dict] = {}
    for card in ev.cards:
        row = card_row(card, changes.open_by_subject)
        desired[("product_card", card.key)] = row
    for task in ev.tasks:
        row = task_row(task)
        desired[("task", row["key"])] = row
    for rank, (key, row) in enumerate(desired.items(), start=1):
        existing = recs.get(key)
        status = lifecycle_status(existing, row["status"], row["trigger_keys"], today, ctx.policy.dismiss_days)
        values = {
            "product": row.get("product", ""), "feature": row.get("feature", ""),
            "trigger_key": row.get("trigger_key", ""), "subject": row.get("subject", ""),
            "text": row.get("text", ""), "target_use_case": row.get("target_use_case", ""),
            "motion": row.get("motion", ""), "tier": row["tier"], "path_position": row.get("path_position"),
            "maturity": row.get("maturity", ""), "status": status, "why_this": row.get("why_this", ""),
            "why_now": row["why_now"],
            "why_not_now": keep_reason_since(row["why_not_now"], existing.why_not_now if existing else [], today),
            "rank": rank, "last_candidate_on": today,
        }
        if existing is None:
            w.recs_new.append(Recommendation(
                account_id=account_id, kind=key[0], key=key[1], first_seen_on=today, updated_on=today, **values))
            result.counts[f"{key[0]}_{status}"] += 1
        elif _changed(existing, values):
            existing.updated_on = today
            w.recs_changed.append(existing)
        fresh = [t for t in row["trigger_keys"] if (t, row.get("product")) in new_keys]
        if fresh and status in ("open", "suppressed") and inputs.owners.get(account_id):
            label = ", ".join(fresh)
            reasons = "; ".join(r["label"] for r in row["why_not_now"]) or "open now"
            w.notices.append((inputs.owners[account_id], account_id,
                              f"{inputs.names[account_id]}: {row['product']} card ({label}) — {status}: {reasons}"))
    backed = {key.split("|", 1)[1] for key in changes.open_by_subject}
    for key, existing in recs.items():
        if key in desired:
            continue
        adopted = existing.kind == "product_card" and not existing.feature and facts.active(existing.product)
        if existing.kind == "task" or expired(existing, today, ctx.policy.card_expiry_days, adopted, existing.product in backed):
            if existing.status in ("open", "suppressed", "snoozed"):
                existing.status = "expired"
                existing.updated_on = today
                w.recs_changed.append(existing)


def _use_cases(account_id, ev: Evaluation, existing: dict, today: date, w: Writes) -> None:
    for uc in USE_CASES:
        r = ev.computed.use_cases[uc]
        current = ev.classification.use_cases[uc]
        values = {
            "status": current.status, "live": r.live, "attributed_spend": r.attributed_spend,
            "active_products": r.active_products, "core_buyer_active_members": r.core_buyer_active_members,
            "rank": current.rank,
            "evidence": {"computed_status": r.status, "overrides_applied": list(ev.computed.overrides_applied)},
        }
        row = existing.get(uc)
        if row is None:
            w.uc_new.append(UseCaseAssignment(account_id=account_id, use_case=uc, evaluated_on=today, **values))
        elif _changed(row, values):
            row.evaluated_on = today
            w.uc_changed.append(row)


def _write(w: Writes, today: date) -> None:
    from accounts.models import User

    if w.facts:
        AccountFacts.objects.bulk_create(
            w.facts, update_conflicts=True, unique_fields=["account", "date"],
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
            for owner, account_id, text in notices:
                if owner in users:
                    notify(recipient=users[owner], kind="crosssell_trigger", text=text,
                           link=f"/accounts/{account_id}/")

        transaction.on_commit(send)
