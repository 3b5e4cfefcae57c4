"""J-2: a contact change (roles, status, title, org owner) recomputes its account on commit."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Contact

from .pipeline import recompute_account_on_commit


@receiver(post_save, sender=Contact, dispatch_uid="crosssell_contact_changed")
def contact_changed(sender, instance: Contact, raw: bool = False, **kwargs) -> None:
    if raw:  # fixtures loading
        return
    recompute_account_on_commit(instance.account_id)
