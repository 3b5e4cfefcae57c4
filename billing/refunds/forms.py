"""The Refund request form (§6): the person's facts and judgement, and per product the months
before the spike and the spike month. Bad input names its field and keeps everything typed."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from ..models import (
    CreditNoteReason,
    FraudSignal,
    Invoice,
    Mitigation,
    RefundChannel,
    RefundScenario,
    UsagePattern,
)
from .selectors import ProductOnInvoice, refundable_invoices
from .services import Claim, LineClaim

TRISTATE = [("", "Unknown / not asked"), ("yes", "Yes, they acted on it"), ("no", "No, not yet")]
MONTHS = (1, 2, 3)


def find_invoice(text: str) -> Invoice | None:
    """An invoice by id, number or Stripe id."""
    text = (text or "").strip()
    if not text:
        return None
    query = Q(number=text) | Q(stripe_id=text)
    if text.isdigit():
        query |= Q(pk=int(text))
    return refundable_invoices().filter(query).first()


class RefundRequestForm(forms.Form):
    invoice = forms.IntegerField(widget=forms.HiddenInput)
    scenario = forms.ChoiceField(choices=RefundScenario.choices, help_text="B-40: which case is this?")
    channel = forms.ChoiceField(choices=RefundChannel.choices, initial=RefundChannel.IN_APP_TICKET)
    requested_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), help_text="Default today (UTC)."
    )
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What happened, in the customer's words; it must fit the scenario (B-42).",
    )
    is_first_bill_over_1 = forms.BooleanField(required=False, label="First bill over $1")
    company_has_revenue = forms.BooleanField(required=False, initial=True, label="The company has revenue")
    is_hobby_project = forms.BooleanField(required=False, label="Hobby / side project")
    spike_ceased = forms.BooleanField(required=False, label="The spike has ceased")
    mitigation = forms.ChoiceField(
        choices=Mitigation.choices,
        initial=Mitigation.NONE,
        help_text="B-42: a billing limit or managing event volume.",
    )
    fraud_signals = forms.MultipleChoiceField(
        choices=[c for c in FraudSignal.choices if c[0] != FraudSignal.SUDDEN_10X_JUMP],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="B-49; a sudden 10x jump is computed from the usage.",
    )
    usage_pattern = forms.ChoiceField(choices=UsagePattern.choices, initial=UsagePattern.NORMAL)
    something_off = forms.BooleanField(required=False, label="Something seems off")
    invoice_change_needed = forms.BooleanField(required=False, label="An invoice must be created or modified")
    prior_recommendations_actioned = forms.ChoiceField(
        choices=TRISTATE, required=False, label="Repeat incident: did they act on our earlier advice?"
    )
    extraordinary_circumstances = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text='E.g. "a PostHog bug" (B-47).'
    )
    zendesk_ticket = forms.URLField(required=False, label="Zendesk ticket")
    prevention_guidance_sent = forms.BooleanField(
        required=False, label="Prevention guidance sent (first incident)"
    )
    repeat_warning_sent = forms.BooleanField(required=False, label="Warned that repeats may not be refunded")

    def __init__(self, *args, products: dict[str, ProductOnInvoice], **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        self.initial.setdefault("requested_on", timezone.now().date())
        for key, product in products.items():
            self.fields[f"{key}__include"] = forms.BooleanField(
                required=False, initial=True, label=f"Refund {product.name}"
            )
            for month in MONTHS:
                self.fields[f"{key}__prior_{month}"] = forms.IntegerField(
                    required=False, min_value=0, label=f"{product.name}: month -{4 - month}"
                )
            self.fields[f"{key}__spike"] = forms.IntegerField(
                required=False, min_value=0, initial=product.units, label=f"{product.name}: spike month"
            )

    def error_list(self) -> list[tuple[str, str]]:
        """Each error with the label of the field it names (the live checklist shows them)."""
        out = []
        for name, errors in self.errors.items():
            label = (
                ""
                if name == "__all__"
                else str(self.fields[name].label or name)
                if name in self.fields
                else name
            )
            out += [(label, str(e)) for e in errors]
        return out

    def product_rows(self):
        for key, product in self.products.items():
            yield {
                "product": product,
                "include": self[f"{key}__include"],
                "prior": [self[f"{key}__prior_{m}"] for m in MONTHS],
                "spike": self[f"{key}__spike"],
            }

    def clean(self):
        data = super().clean()
        included = [k for k in self.products if data.get(f"{k}__include")]
        if not included and self.products:
            self.add_error(None, "Pick at least one product to refund (B-44: refunds are per product).")
        for key in included:
            if data.get(f"{key}__spike") is None and f"{key}__spike" not in self.errors:
                self.add_error(f"{key}__spike", "The spike month's units are required.")
        return data

    def claim(self) -> Claim:
        data = self.cleaned_data
        lines = tuple(
            LineClaim(
                key,
                tuple(data[f"{key}__prior_{m}"] for m in MONTHS if data.get(f"{key}__prior_{m}") is not None),
                data[f"{key}__spike"],
            )
            for key in self.products
            if data.get(f"{key}__include")
        )
        actioned = {"yes": True, "no": False}.get(data.get("prior_recommendations_actioned") or "")
        return Claim(
            scenario=data["scenario"],
            requested_on=data["requested_on"],
            lines=lines,
            is_first_bill_over_1=data["is_first_bill_over_1"],
            company_has_revenue=data["company_has_revenue"],
            is_hobby_project=data["is_hobby_project"],
            spike_ceased=data["spike_ceased"],
            mitigation=data["mitigation"],
            fraud_signals=tuple(data["fraud_signals"]),
            something_off=data["something_off"],
            invoice_change_needed=data["invoice_change_needed"],
            prior_recommendations_actioned=actioned,
            extraordinary_circumstances=data["extraordinary_circumstances"],
        )


class DecisionForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Reason")
    prevention_guidance_sent = forms.BooleanField(required=False, label="Prevention guidance sent")
    repeat_warning_sent = forms.BooleanField(required=False, label="Repeat warning sent")

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.line_keys = []
        for line in lines:
            name = f"approved_{line.product_key_id}"
            self.line_keys.append((line.product_key_id, name))
            self.fields[name] = forms.DecimalField(
                required=False, min_value=Decimal(0), max_digits=14, decimal_places=2,
                label=f"Approve for {line.product_key_id} (computed {line.amount})",
            )  # fmt: skip

    def approved_amounts(self) -> dict[str, Decimal] | None:
        chosen = {
            key: self.cleaned_data[name]
            for key, name in self.line_keys
            if self.cleaned_data.get(name) is not None
        }
        return chosen or None


class ProcessForm(forms.Form):
    stripe_reason = forms.ChoiceField(
        choices=[("", "—"), *CreditNoteReason.choices], required=False, label="Stripe refund reason"
    )


class ReassessForm(forms.Form):
    spike_ceased = forms.BooleanField(required=False, label="The spike has ceased")
    mitigation = forms.ChoiceField(choices=Mitigation.choices)


def errors_into(form: forms.Form, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
