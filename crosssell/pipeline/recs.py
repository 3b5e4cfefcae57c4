"""J-1 step 7's writes: recommendations upserted by key with their lifecycle, and the
use-case rows (CLS-2…5) — only rows whose content changed are written."""

from datetime import date

from crosssell.engine import USE_CASES, Evaluation
from crosssell.facts_loader import ChunkInputs
from crosssell.models import Recommendation, UseCaseAssignment

from .episodes import EpisodeChanges, card_row, expired, keep_reason_since, lifecycle_status, task_row
from .writes import Writes, changed


def upsert_recommendations(
    account_id: int,
    ev: Evaluation,
    recs: dict,
    changes: EpisodeChanges,
    new_keys: set,
    inputs: ChunkInputs,
    ctx,
    result,
    w: Writes,
) -> None:
    today = ctx.today
    facts = ev.as_of_facts
    desired: dict[tuple[str, str], dict] = {}
    for card in ev.cards:
        row = card_row(card, changes.open_by_subject)
        desired[("product_card", card.key)] = row
    for task in ev.tasks:
        row = task_row(task)
        desired[("task", row["key"])] = row
    for rank, (key, row) in enumerate(desired.items(), start=1):
        existing = recs.get(key)
        status = lifecycle_status(
            existing, row["status"], row["trigger_keys"], today, ctx.policy.dismiss_days
        )
        values = {
            "product": row.get("product", ""),
            "feature": row.get("feature", ""),
            "trigger_key": row.get("trigger_key", ""),
            "subject": row.get("subject", ""),
            "text": row.get("text", ""),
            "target_use_case": row.get("target_use_case", ""),
            "motion": row.get("motion", ""),
            "tier": row["tier"],
            "path_position": row.get("path_position"),
            "maturity": row.get("maturity", ""),
            "status": status,
            "why_this": row.get("why_this", ""),
            "why_now": row["why_now"],
            "why_not_now": keep_reason_since(
                row["why_not_now"], existing.why_not_now if existing else [], today
            ),
            "rank": rank,
            "last_candidate_on": today,
        }
        if existing is None:
            w.recs_new.append(
                Recommendation(
                    account_id=account_id,
                    kind=key[0],
                    key=key[1],
                    first_seen_on=today,
                    updated_on=today,
                    **values,
                )
            )
            result.counts[f"{key[0]}_{status}"] += 1
        elif changed(existing, values):
            existing.updated_on = today
            w.recs_changed.append(existing)
        fresh = [t for t in row["trigger_keys"] if (t, row.get("product")) in new_keys]
        owner = inputs.owners.get(account_id)
        if fresh and status in ("open", "suppressed") and owner is not None:
            label = ", ".join(fresh)
            reasons = "; ".join(r["label"] for r in row["why_not_now"]) or "open now"
            w.notices.append(
                (
                    owner,
                    account_id,
                    f"{inputs.names[account_id]}: {row['product']} card ({label}) — {status}: {reasons}",
                )
            )
    backed = {key.split("|", 1)[1] for key in changes.open_by_subject}
    for key, existing in recs.items():
        if key in desired:
            continue
        adopted = existing.kind == "product_card" and not existing.feature and facts.active(existing.product)
        stale = existing.kind == "task" or expired(
            existing, today, ctx.policy.card_expiry_days, adopted, existing.product in backed
        )
        if stale and existing.status in ("open", "suppressed", "snoozed"):
            existing.status = "expired"
            existing.updated_on = today
            w.recs_changed.append(existing)


def _empty(values: dict) -> bool:
    """«none», not live, no spend, products or members, computed «none»: the model's defaults."""
    return (
        values["status"] == "none"
        and not values["live"]
        and not values["attributed_spend"]
        and not values["active_products"]
        and not values["core_buyer_active_members"]
        and values["evidence"]["computed_status"] == "none"
    )


def upsert_use_cases(account_id, ev: Evaluation, existing: dict, today: date, w: Writes) -> None:
    for uc in USE_CASES:
        r = ev.computed.use_cases[uc]
        current = ev.classification.use_cases[uc]
        values = {
            "status": current.status,
            "live": r.live,
            "attributed_spend": r.attributed_spend,
            "active_products": r.active_products,
            "core_buyer_active_members": r.core_buyer_active_members,
            "rank": current.rank,
            "evidence": {
                "computed_status": r.status,
                "overrides_applied": list(ev.computed.overrides_applied),
            },
        }
        row = existing.get(uc)
        if row is None and _empty(values):
            continue  # a tile with nothing to show is not stored: the selector fills it in
        if row is None:
            w.uc_new.append(
                UseCaseAssignment(account_id=account_id, use_case=uc, evaluated_on=today, **values)
            )
        elif changed(row, values):
            row.evaluated_on = today
            w.uc_changed.append(row)
