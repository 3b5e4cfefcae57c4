"""Refund request writes (B-40…B-49): `refund_request_<action>(*, …, acting_user)`, one
transaction each, audited by django-simple-history (who, when, why), alerts through notify().

Lifecycle: filed → the calculator's route (`under_review`, `escalated` or `declined`); a RevOps
admin approves (amount ≤ the ceiling) or declines (with a reason); processing an approved
request queues a Stripe credit note (B-46) or, when the period hasn't ended, books a ONE_TIME
credit grant (B-45). Only `revops_admin` decides (B-48)."""

from .claims import Claim, LineClaim, refund_evaluate, refund_input
from .decisions import refund_request_approve, refund_request_decline, split_ceiling
from .filing import refund_request_create, refund_request_reassess
from .processing import credit_note_payload, refund_request_process

__all__ = [
    "Claim",
    "LineClaim",
    "credit_note_payload",
    "refund_evaluate",
    "refund_input",
    "refund_request_approve",
    "refund_request_create",
    "refund_request_decline",
    "refund_request_process",
    "refund_request_reassess",
    "split_ceiling",
]
