"""Events that refresh one account's segments after commit (accounts.md §4, ARCHITECTURE.md:
"Events … enqueue a recompute of the one account on commit").

The manual segments' source records (quota's BookMembership, accounts' LeadMembership) refresh
their account whoever writes them. The billing sync calls `services.segments_refresh_on_commit`
itself after updating an account's commercial fields (a save signal on Account would fire on
every edit of every field).
"""

from django.db.models.signals import post_delete, post_save

from .services import segments_refresh_on_commit


def _refresh_member_account(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    segments_refresh_on_commit([instance.account_id])


def connect() -> None:
    for sender in ("accounts.LeadMembership", "quota.BookMembership"):
        post_save.connect(_refresh_member_account, sender=sender, dispatch_uid=f"segments-{sender}-save")
        post_delete.connect(_refresh_member_account, sender=sender, dispatch_uid=f"segments-{sender}-delete")
