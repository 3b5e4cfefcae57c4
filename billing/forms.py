"""Add credit (B-17…B-19): the form keeps what was typed and names the bad field."""

from django import forms
from django.core.exceptions import ValidationError

from .models import BillingCustomer, CreditGrantKind, CreditGrantReason

OTHER_KINDS = [
    (k, label)
    for k, label in CreditGrantKind.choices
    if k not in ("ONE_TIME", "PREPAID_CONTRACT", "SELF_SERVE_TRANCHE", "IMPORTED")
]


class AddCreditForm(forms.Form):
    billing_customer = forms.ModelChoiceField(
        queryset=BillingCustomer.objects.order_by("name"),
        label="Customer",
        help_text="From the dropdown, or search by name.",
    )
    kind = forms.ChoiceField(choices=[("ONE_TIME", "One-time credit"), *OTHER_KINDS], initial="ONE_TIME")
    amount = forms.DecimalField(
        label="Total credit amount (USD)", max_digits=14, decimal_places=2, min_value=0.01
    )
    reason = forms.ChoiceField(
        choices=[("", "—"), *CreditGrantReason.choices],
        required=False,
        help_text="Required for one-time credits.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Internal notes")
    reference_link = forms.URLField(
        required=False,
        label="Reference link",
        help_text="Slack message, Zendesk ticket, or internal discussion.",
    )
    expires_at = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Required for a trial accommodation.",
    )

    def __init__(self, *args, allowed_kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_kinds is not None:
            choices: list[tuple[str, str]] = [("ONE_TIME", "One-time credit"), *OTHER_KINDS]
            self.fields["kind"].choices = [c for c in choices if c[0] in allowed_kinds]  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        kind, reason = data.get("kind"), data.get("reason")
        # B-19: "Always include enough context".
        if not data.get("notes") and not data.get("reference_link") and "reference_link" not in self.errors:
            self.add_error("notes", "Add internal notes or a reference link (B-19).")
        if kind == CreditGrantKind.ONE_TIME and not reason:
            self.add_error("reason", "A one-time credit needs a reason (B-17).")
        if reason == CreditGrantReason.OTHER and not data.get("notes"):
            self.add_error("notes", "Reason Other needs internal notes explaining it (B-19).")
        if reason == CreditGrantReason.TRIAL_ACCOMMODATION and not data.get("expires_at"):
            self.add_error("expires_at", "A trial accommodation documents when it expires (B-19).")
        if kind != CreditGrantKind.ONE_TIME and reason:
            self.add_error("reason", "Only one-time credits take a reason.")
        if self.errors:
            raise ValidationError("Please correct the fields below.")
        return data
