"""Events that change an account's health inputs enqueue its recompute on commit (§4).

Connected in AccountsConfig.ready. Bulk writes (the demo generator, the usage import's upsert)
send no per-row signal: a finished usage import is caught through its ImportRun instead.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.models import Contact, CustomerRecommendation, Note, SeasonalExplanation, SupportTicket

INPUT_MODELS = (Note, Contact, SupportTicket, CustomerRecommendation, SeasonalExplanation)
USAGE_IMPORT_KIND = "account_daily_metrics"


def _account_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or getattr(instance, "account_id", None) is None:
        return
    from .services import enqueue_recompute

    enqueue_recompute([instance.account_id])


def _note_contacts_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Note):
        _account_changed(sender, instance)


def _usage_imported(sender, instance, raw: bool = False, **kwargs) -> None:
    """A finished usage import: the accounts whose rows it wrote are recomputed."""
    if raw or instance.kind != USAGE_IMPORT_KIND or instance.finished_at is None or not instance.rows_ok:
        return
    from accounts.models import AccountDailyMetrics

    from .services import enqueue_recompute

    enqueue_recompute(
        AccountDailyMetrics.objects.filter(imported_at__gte=instance.started_at)
        .values_list("account_id", flat=True)
        .distinct()
    )


def _invoice_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    """L-1/L-2 read invoices and their attempts: the paying account is recomputed."""
    if raw:
        return
    from django.apps import apps

    from .services import enqueue_recompute

    invoice_id = getattr(instance, "invoice_id", None) or instance.pk
    invoice = apps.get_model("billing", "Invoice")
    enqueue_recompute(
        invoice.objects.filter(
            pk=invoice_id, stripe_customer__billing_customer__account__isnull=False
        ).values_list("stripe_customer__billing_customer__account_id", flat=True)
    )


def connect() -> None:
    for model in INPUT_MODELS:
        uid = f"health.recompute.{model._meta.model_name}"
        post_save.connect(_account_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_account_changed, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        _note_contacts_changed, sender=Note.contacts.through, dispatch_uid="health.recompute.note_contacts"
    )
    post_save.connect(
        _usage_imported, sender="revops.ImportRun", dispatch_uid="health.recompute.usage_import"
    )
    post_save.connect(_invoice_changed, sender="billing.Invoice", dispatch_uid="health.recompute.invoice")
    post_save.connect(
        _invoice_changed, sender="billing.PaymentAttempt", dispatch_uid="health.recompute.attempt"
    )
