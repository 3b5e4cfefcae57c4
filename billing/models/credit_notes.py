"""Stripe credit notes and their per-product lines: how refunds reach an invoice (B-46)."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .base import StripeObject, money, non_negative, stripe_id_field


class CreditNoteReason(models.TextChoices):
    """Stripe's credit-note reasons, verbatim."""

    DUPLICATE = "duplicate", "Duplicate"
    FRAUDULENT = "fraudulent", "Fraudulent"
    ORDER_CHANGE = "order_change", "Order change"
    PRODUCT_UNSATISFACTORY = "product_unsatisfactory", "Product unsatisfactory"


class CreditNoteStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    VOID = "void", "Void"


class CreditNote(StripeObject):
    stripe_id = stripe_id_field("cn_")
    invoice = models.ForeignKey(
        "billing.Invoice", on_delete=models.PROTECT, related_name="credit_notes"
    )
    amount = money()
    reason = models.CharField(
        max_length=22, choices=CreditNoteReason.choices, blank=True
    )
    status = models.CharField(
        max_length=6, choices=CreditNoteStatus.choices, default=CreditNoteStatus.ISSUED
    )
    created = models.DateTimeField()
    refund_request = models.ForeignKey(
        "billing.RefundRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="credit_notes"
    )
    history = HistoricalRecords(excluded_fields=["raw"])

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["invoice", "status"], name="billing_cn_invoice_status")]
        constraints = non_negative("creditnote", "amount")


class CreditNoteLine(models.Model):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.CASCADE, related_name="lines")
    product_key = models.ForeignKey(
        "billing.Product", null=True, blank=True, on_delete=models.PROTECT,
        related_name="credit_note_lines",
    )
    invoice_line = models.ForeignKey(
        "billing.InvoiceLine", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="credit_note_lines",
    )
    amount = money()

    class Meta:
        ordering = ["credit_note", "pk"]
        indexes = [models.Index(fields=["product_key"], name="billing_cnline_product")]
        constraints = non_negative("cnline", "amount")

    def __str__(self) -> str:
        return f"{self.credit_note} · {self.product_key_id or 'unmapped'} {self.amount}"

    def clean(self) -> None:
        super().clean()
        if (
            self.invoice_line_id is not None
            and self.credit_note_id is not None
            and self.invoice_line.invoice_id != self.credit_note.invoice_id  # type: ignore[union-attr]
        ):
            raise ValidationError(
                {"invoice_line": "The line belongs to another invoice than the credit note's."}
            )
