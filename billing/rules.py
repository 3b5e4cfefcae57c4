"""Billing permissions (django-rules), on top of accounts' predicates (accounts.md §1.1, B-17)."""

import rules

from accounts.rules import has_role, is_account_owner, is_frontline, is_revops_admin, is_sales_manager

# B-17: one-time credits — users with "own" rights on the account, managers and RevOps admins.
rules.add_perm(
    "billing.add_one_time_credit", (is_frontline & is_account_owner) | is_sales_manager | is_revops_admin
)
# Every other kind of credit: RevOps admins only.
rules.add_perm("billing.add_other_credit", is_revops_admin)
# Acknowledging a CreditBot alert: whoever may add a one-time credit to the account.
rules.add_perm(
    "billing.acknowledge_runway", (is_frontline & is_account_owner) | is_sales_manager | is_revops_admin
)
# Refunds (B-48): anyone with a role files a request; only RevOps admins approve and process.
rules.add_perm("billing.file_refund", has_role)
rules.add_perm("billing.decide_refund", is_revops_admin)


# Late payments (B-36, B-37): the case's responsible person, the account's owners, managers and
# RevOps admins log outreach, pause with a reason, mark steps done and confirm cancellation.
@rules.predicate
def is_dunning_responsible(user, case) -> bool:
    return bool(case is not None and user.is_authenticated and case.responsible_id == user.pk)


@rules.predicate
def owns_dunning_account(user, case) -> bool:
    account = case.billing_customer.account if case is not None else None
    return bool(account is not None and is_frontline(user) and is_account_owner(user, account))


rules.add_perm(
    "billing.work_dunning_case",
    is_dunning_responsible | owns_dunning_account | is_sales_manager | is_revops_admin,
)
