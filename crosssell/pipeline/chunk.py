"""One chunk of the chain: load set-wise, evaluate per account (isolated), write in bulk.

Queries per chunk are fixed: the loader's reads, one read each of open episodes, cards and
use-case rows, then one bulk statement (or none) per table written. Notifications go out on
commit through `accounts.services.notify()`, one per new episode behind a card.
"""

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from crosssell.engine import (
    OwnerChange,
    Policy,
    Reference,
    compute_phase,
    evaluate,
    first_team,
)
from crosssell.engine.codec import to_json
from crosssell.engine.people import FamilyRule, detect_implementation_items, screen_compliance
from crosssell.facts_loader import ChunkInputs, load_chunk
from crosssell.models import (
    AccountCrossSellState,
    AccountFacts,
    ComplianceScreen,
    ImplementationCheckItem,
    Recommendation,
    TriggerEpisode,
    UseCaseAssignment,
)

from .episodes import episode_changes
from .recs import upsert_recommendations, upsert_use_cases
from .writes import Writes, changed, write


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
            # Pure work, no queries: the account's writes join the chunk's only if it succeeds,
            # so a failing account leaves nothing half-written.
            own = Writes()
            counts = ChunkResult()
            _account(
                account_id,
                inputs,
                episodes.get(account_id, []),
                recs.get(account_id, {}),
                ucs.get(account_id, {}),
                ctx,
                own,
                counts,
            )
            writes.merge(own)
            result.counts.update(counts.counts)
            result.counts["accounts_ok"] += 1
        except Exception as exc:  # one account's failure never aborts the others (J-1)
            result.errors.append({"account_id": account_id, "error": f"{type(exc).__name__}: {exc}"})
            result.counts["accounts_failed"] += 1
    write(writes, ctx.today)
    return result


def _account(
    account_id,
    inputs: ChunkInputs,
    open_episodes,
    recs,
    ucs,
    ctx: ChunkContext,
    w: Writes,
    result: ChunkResult,
):
    today = ctx.today
    facts = inputs.facts[account_id]
    # Step 1 screen_compliance (WWDB): the account's country and legal's flags.
    screen = inputs.screens.get(account_id)
    country = inputs.sources[account_id].get("hq_country") or ""
    verdict = screen_compliance(
        [country],
        us_person_exemption=bool(screen and screen.us_person_exemption),
        sanctions_listed=bool(screen and screen.sanctions_listed),
        discretionary_hold=bool(screen and screen.discretionary_hold),
        review_cleared=bool(screen and screen.cleared_at),
    )
    values = {"status": verdict.status, "reasons": list(verdict.reasons), "screened_on": today}
    if screen is None:
        w.screens_new.append(ComplianceScreen(account_id=account_id, **values))
    elif screen.status != verdict.status or screen.reasons != list(verdict.reasons):
        changed(screen, values)
        w.screens_changed.append(screen)
    # Step 3 detect_implementation_issues (D-30): auto items where the usage fact exists.
    items = inputs.check_items.get(account_id, {})
    open_items = set(facts.open_implementation_items)
    for item, (is_open, evidence) in detect_implementation_items(
        group_plan_active=inputs.group_plan.get(account_id, False), group_count=facts.usage.group_count
    ).items():
        row = items.get(item)
        if row is None and is_open:
            w.items_new.append(
                ImplementationCheckItem(
                    account_id=account_id, item=item, status="open", detected_by="auto", evidence=evidence
                )
            )
            open_items.add(item)
        elif row is not None and row.detected_by == "auto":
            status = "open" if is_open else ("fixed" if row.status == "open" else row.status)
            if changed(row, {"status": status, "evidence": evidence}):
                w.items_changed.append(row)
            (open_items.add if status == "open" else open_items.discard)(item)
    # PAUSE-8 (D-17): track the org-owner set; a change to a data-family contact pauses.
    state = inputs.states.get(account_id)
    explanation = dict(state.explanation) if state else {}
    owners = inputs.org_owners.get(account_id, [])
    owner_ids = sorted(o["id"] for o in owners)
    change = explanation.get("data_engineer_owner")
    previous_ids = explanation.get("org_owner_ids")
    if previous_ids and previous_ids != owner_ids:  # D-17: a change, not the first owner
        newcomers = [o for o in owners if o["id"] not in previous_ids]
        data_owner = next((o for o in newcomers if "data" in o["families"]), None)
        change = (
            {"contact_id": data_owner["id"], "name": data_owner["name"], "changed_on": today.isoformat()}
            if data_owner
            else None
        )
    explanation["org_owner_ids"] = owner_ids
    explanation["data_engineer_owner"] = change
    owner_change = None
    if change:
        changed_on = date.fromisoformat(change["changed_on"])
        cleared = (
            state is not None
            and state.data_engineer_owner_cleared_on is not None
            and state.data_engineer_owner_cleared_on >= changed_on
        )
        if not cleared:
            owner_change = OwnerChange(change["name"], changed_on)
    facts = replace(
        facts,
        compliance_status=verdict.status,
        open_implementation_items=tuple(sorted(open_items)),
        data_engineer_owner=owner_change,
    )
    # Step 2 compute_facts: the day's row, exactly the engine's input.
    multiplier = inputs.sources[account_id].get("multiplier")
    w.facts.append(
        AccountFacts(
            account_id=account_id,
            date=today,
            facts=to_json(facts),
            sources=inputs.sources[account_id],
            multiplier=Decimal(multiplier) if multiplier else None,
        )
    )
    # Steps 4, 6, 7: classify, triggers, recommendations (the preview's engine function).
    override = (state.override_use_case, state.override_reason) if state and state.override_use_case else None
    ev = evaluate(facts, reference=ctx.reference, policy=ctx.policy, primary_override=override)
    upsert_use_cases(account_id, ev, ucs, today, w)
    # Step 5 compute_phase (PH-1 without shampoo; never regressing by itself).
    first = (state.first_team if state and state.first_team else None) or (
        first_team(facts) if ev.classification.primary else None
    )
    live_count = sum(1 for r in ev.classification.use_cases.values() if r.live)
    phase = compute_phase(
        facts,
        primary=ev.classification.primary,
        live_use_cases=live_count,
        first=first,
        days_since_paid_start=ev.days_since_paid_start,
        previous=state.phase if state else None,
    )
    phase_name = state.phase_override if state and state.phase_override else phase.phase
    explanation.update(
        {
            "notes": list(ev.notes),
            "triggers": list(ev.triggers),
            "ai_signal": ev.ai_signal,
            "overrides_applied": list(ev.computed.overrides_applied),
            "path": [
                {
                    "position": s.position,
                    "product": s.product,
                    "feature": s.feature,
                    "state": s.state,
                    "reason": s.reason,
                }
                for s in ev.path
            ],
            "next_product": ev.next_product.label if ev.next_product else None,
            "pauses": {
                k: {
                    "label": r.label,
                    "reopens_when": r.reopens_when,
                    "reopens_on": r.reopens_on.isoformat() if r.reopens_on else None,
                }
                for k, r in ev.reasons.items()
            },
            "multiplier": multiplier,
        }
    )
    state_values = {
        "computed_primary_use_case": ev.computed.primary or "",
        "primary_use_case": ev.classification.primary or "",
        "secondary_use_cases": list(ev.classification.secondary),
        "first_team": first or "",
        "phase": phase_name,
        "phase_since": state.phase_since
        if state and state.phase == phase_name and state.phase_since
        else today,
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
        if changed(state, values):
            state.last_evaluated_on = today
            w.states_changed.append(state)
    # J-3 episodes.
    fired_evidence = {key: {"rule": key, "as_of": today.isoformat()} for key in ev.triggers}
    changes = episode_changes(ev.triggers, open_episodes, today, ctx.policy.episode_end_days, fired_evidence)
    new_keys = set()
    for key, subject, ev_evidence in changes.opened:
        w.episodes_new.append(
            TriggerEpisode(
                account_id=account_id,
                trigger_key=key,
                subject=subject,
                started_on=today,
                last_true_on=today,
                evidence=ev_evidence,
                notified=False,
            )
        )
        new_keys.add((key, subject))
    w.episodes_touched += changes.touched
    w.episodes_ended += changes.ended
    result.counts["episodes_opened"] += len(changes.opened)
    result.counts["episodes_ended"] += len(changes.ended)
    upsert_recommendations(account_id, ev, recs, changes, new_keys, inputs, ctx, result, w)
