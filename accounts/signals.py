"""Keep Django groups (one per role, created by migration) and admin access in step with `role`."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Role, User


@receiver(post_save, sender=User, dispatch_uid="accounts.sync_role_group")
def sync_role_group(sender, instance: User, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    role_groups = Group.objects.filter(name__in=Role.values)
    instance.groups.remove(*role_groups.exclude(name=instance.role))
    if instance.role:
        group = role_groups.filter(name=instance.role).first()
        if group is not None:
            instance.groups.add(group)
    wants_staff = instance.role == Role.REVOPS_ADMIN or instance.is_superuser
    if instance.is_staff != wants_staff:
        User.objects.filter(pk=instance.pk).update(is_staff=wants_staff)
        instance.is_staff = wants_staff
