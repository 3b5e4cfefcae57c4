"""The what-if calculator's form: invoices and contracts typed as text, checked by the preview
API's own serializer, so the page and `POST /api/v1/quota/preview` accept and refuse the same."""

from django import forms

from .serializers import QuotaPreviewRequestSerializer

HANDBOOK_INVOICES = """2025-01-01 product_analytics=2300.00
2025-02-01 product_analytics=2200.00
2025-03-01 product_analytics=2500.00
2025-04-01 product_analytics=2000.00 session_replay=700.00
2025-05-01 product_analytics=2800.00
2025-06-01 product_analytics=2000.00 session_replay=500.00 feature_flags=500.00"""


class WhatIfForm(forms.Form):
    quarter = forms.CharField(initial="2025-Q2", help_text='The current quarter, e.g. "2025-Q2".')
    invoices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        initial=HANDBOOK_INVOICES,
        help_text="One invoice per line: period start, then product_key=amount pairs "
        "(paid=YYYY-MM-DD optional).",
    )
    annual_contracts = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One contract per line: start end annual_value, then "
        '"legacy" if converted under the old plan.',
    )
    subscription_cancelled_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    added_to_book_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    inherited = forms.BooleanField(required=False, help_text="New to the TAM's book: grace applies (Q-8).")

    def __init__(self, *args, product_keys=frozenset(), **kwargs):
        self.product_keys = product_keys
        self.serializer: QuotaPreviewRequestSerializer | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        payload = {
            "quarter": cleaned.get("quarter", ""),
            "invoices": self._invoices(cleaned.get("invoices", "")),
            "annual_contracts": self._contracts(cleaned.get("annual_contracts", "")),
            "subscription_cancelled_on": _iso(cleaned.get("subscription_cancelled_on")),
            "added_to_book_on": _iso(cleaned.get("added_to_book_on")),
            "inherited": bool(cleaned.get("inherited")),
        }
        if self.errors:
            return cleaned
        serializer = QuotaPreviewRequestSerializer(data=payload, context={"product_keys": self.product_keys})
        if not serializer.is_valid():
            for field, messages in serializer.errors.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, str(message))
        else:
            self.serializer = serializer
        return cleaned

    def _invoices(self, text: str) -> list:
        invoices = []
        for number, line in _lines(text):
            head, *pairs = line.split()
            invoice: dict = {"period_start": head, "lines": {}, "paid_on": None}
            for pair in pairs:
                key, sep, value = pair.partition("=")
                if not sep:
                    self.add_error("invoices", f"Line {number}: {pair!r} is not product_key=amount.")
                elif key == "paid":
                    invoice["paid_on"] = value
                else:
                    invoice["lines"][key] = value
            invoices.append(invoice)
        return invoices

    def _contracts(self, text: str) -> list:
        contracts = []
        for number, line in _lines(text):
            parts = line.split()
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "legacy"):
                self.add_error("annual_contracts", f'Line {number}: write "start end annual_value [legacy]".')
                continue
            contracts.append(
                {
                    "start": parts[0],
                    "end": parts[1],
                    "annual_value": parts[2],
                    "converted_under_legacy_plan": len(parts) == 4,
                }
            )
        return contracts


def _lines(text: str):
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _iso(value):
    return value.isoformat() if value else None


class QuotaSetForm(forms.Form):
    """Q-14: a sales manager sets or amends a TAM's quota for the quarter; the reason is kept."""

    amount = forms.DecimalField(min_value=0, max_digits=14, decimal_places=2, label="Quota ($)")
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "A quota change needs a reason (Q-14)."},
        help_text="Why it is set or changed, e.g. accounts moved in or out of the book.",
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("A quota change needs a reason (Q-14).")
        return reason
