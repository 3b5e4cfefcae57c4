"""Who may change a quote: the accounts.md §1.1 matrix's "own" (accounts.rules predicates) for
front-line roles and team leads, everyone for RevOps admins. Reading follows D-26 (everyone reads).

A quote without an account belongs to whoever created it.
"""

import rules

from accounts.rules import is_frontline, is_revops_admin, own_or_team


@rules.predicate
def created_quote(user, quote) -> bool:
    return quote is not None and quote.created_by_id == user.pk


@rules.predicate
def owns_quote_account(user, quote) -> bool:
    if quote is None or quote.account is None:
        return False
    return bool(own_or_team.test(user, quote.account))


@rules.predicate
def may_quote_account(user, account) -> bool:
    """Create a quote on `account` (None = no account): RevOps all, front-line their own."""
    if is_revops_admin(user):
        return True
    if account is None:
        return bool(is_frontline(user))
    return bool(own_or_team.test(user, account))


@rules.predicate
def quote_has_no_account(user, quote) -> bool:
    return quote is not None and quote.account_id is None


change_quote = is_revops_admin | owns_quote_account | (is_frontline & created_quote & quote_has_no_account)

rules.add_perm("revops.view_quote", rules.is_authenticated)
rules.add_perm("revops.add_quote", rules.is_authenticated & may_quote_account)
rules.add_perm("revops.change_quote", change_quote)
rules.add_perm("revops.delete_quote", change_quote)
rules.add_perm("revops.change_discount_policy", is_revops_admin)
