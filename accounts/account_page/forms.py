"""Forms of the account page. They validate what was typed; the services write it."""

from django import forms

from accounts.models import Account, CompanyStage, Contact, ContactStatus, NoteDirection, NoteKind, NoteTag

from .services import BUSINESS_INFO_FIELDS


class BusinessInfoForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = list(BUSINESS_INFO_FIELDS)
        labels = {"hq_location": "HQ location", "hq_country": "HQ country (ISO code, e.g. US)",
                  "business_type_other": "Business type, if Other", "last_funding_on": "Last funding on"}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "funding": forms.Textarea(attrs={"rows": 2}),
            "investors": forms.Textarea(attrs={"rows": 2}),
            "key_products_services": forms.Textarea(attrs={"rows": 2}),
            "pricing": forms.Textarea(attrs={"rows": 2}),
            "last_funding_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        # The model's CHECK says this too; here it lands on the field the user must fix.
        if data.get("stage") == CompanyStage.ACQUIRED and not data.get("acquired_by"):
            self.add_error("acquired_by", "Required when the stage is Acquired: who acquired them?")
        if data.get("business_type") == "Other" and not data.get("business_type_other"):
            self.add_error("business_type_other", "Say which business type, since it is Other.")
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NoteForm(forms.Form):
    kind = forms.ChoiceField(choices=NoteKind.choices, initial=NoteKind.NOTE)
    direction = forms.ChoiceField(choices=NoteDirection.choices, initial=NoteDirection.OUTBOUND)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note",
                           error_messages={"required": "Write the note before saving it."})
    tags = forms.MultipleChoiceField(choices=NoteTag.choices, required=False,
                                     widget=forms.CheckboxSelectMultiple)
    occurred_at = forms.DateTimeField(required=False, label="When (empty = now)",
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    contacts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = account.contacts.order_by("name")  # type: ignore[attr-defined]

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write the note before saving it.")
        return body


class ContactStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ContactStatus.choices)
    title = forms.CharField(required=False, max_length=200, label="New role / title")
