"""Panel and settings forms: bad input names the field and keeps what was typed."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from .engine import DEFINITIONS, FAMILIES, USE_CASE_NAMES, USE_CASES
from .engine.facts import IMPLEMENTATION_ITEMS, SIGNAL_EVENT_TYPES
from .engine.phase import PHASES
from .engine.policy import Policy

USE_CASE_CHOICES = [(uc, USE_CASE_NAMES[uc]) for uc in USE_CASES]


def _labelled(values):
    return [(v, v.replace("_", " ").capitalize()) for v in values]


class OverrideForm(forms.Form):
    use_case = forms.ChoiceField(
        label="Primary use case",
        choices=[("", "— computed (remove override) —"), *USE_CASE_CHOICES],
        required=False,
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("use_case") and not (data.get("reason") or "").strip():
            self.add_error("reason", "An override needs a reason (CLS-1).")
        return data


class PhaseOverrideForm(forms.Form):
    phase = forms.ChoiceField(choices=[("", "— computed —"), *_labelled(PHASES)], required=False)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("phase") and not (data.get("reason") or "").strip():
            self.add_error("reason", "A phase override needs a reason (PH-1).")
        return data


class SignalEventForm(forms.Form):
    type = forms.ChoiceField(label="Event type", choices=_labelled(SIGNAL_EVENT_TYPES))
    occurred_on = forms.DateField(label="Occurred on", widget=forms.DateInput(attrs={"type": "date"}))
    product = forms.ChoiceField(label="Product (optional)", required=False)
    subtype = forms.CharField(required=False, max_length=40)
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, product_keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "—"), *((k, k) for k in product_keys)]

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("An event cannot be logged in the future.")
        return day


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("A reason is required.")
        return reason


class SnoozeForm(forms.Form):
    until = forms.DateField(label="Snooze until", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self):
        day = self.cleaned_data["until"]
        if day <= timezone.localdate():
            raise forms.ValidationError("Snooze until a date after today.")
        return day


class CompanyTagsForm(forms.Form):
    company_tags = forms.CharField(
        label="Company tags",
        required=False,
        max_length=400,
        help_text='Comma-separated; "AI", "LLM" or "ML" gives the account an AI signal.',
    )

    def clean_company_tags(self):
        tags = [t.strip() for t in self.cleaned_data["company_tags"].split(",") if t.strip()]
        if any(len(t) > 40 for t in tags):
            raise forms.ValidationError("A tag has at most 40 characters.")
        return tags


class CheckItemForm(forms.Form):
    item = forms.ChoiceField(choices=_labelled(IMPLEMENTATION_ITEMS))
    status = forms.ChoiceField(choices=_labelled(("open", "fixed", "not_applicable", "not_checked")))
    estimated_monthly_savings = forms.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False
    )


class SettingsForm(forms.Form):
    """P-6: thresholds, windows, pause durations and trigger enablement (a new version)."""

    heavy_spend = forms.DecimalField(
        label="O1 heavy spend (strictly above, $)", max_digits=14, decimal_places=2, min_value=0
    )
    o3_marketing_share_pct = forms.DecimalField(
        label="O3 marketing share of flags (%)", min_value=0, max_value=100
    )
    secondary_min_core_members = forms.IntegerField(
        label="CLS-5 core-buyer active members for secondary", min_value=1
    )
    vit1_engineer_share_pct = forms.DecimalField(label="VIT-1 engineer share (%)", min_value=0, max_value=100)
    vit1_min_engineers = forms.IntegerField(label="VIT-1 minimum engineers", min_value=1)
    vit5_min_employees = forms.IntegerField(label="VIT-5 employees (strictly more than)", min_value=0)
    enabled_triggers = forms.MultipleChoiceField(
        label="Enabled triggers",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k, f"{d.rule} {d.name}") for k, d in DEFINITIONS.items()],
    )
    adoption_only_months = forms.CharField(label="Adoption-only contract months", help_text="e.g. 1,2")
    prime_months = forms.CharField(label="Prime contract months", help_text="e.g. 3,4,5,6")
    reinforce_months = forms.CharField(label="Reinforce contract months", help_text="e.g. 7,8,9")
    why_stay_final_months = forms.IntegerField(
        label="Why-stay: final months of a contract", min_value=0, max_value=12
    )
    first_days = forms.IntegerField(label="PAUSE-3 first days since paid start", min_value=0)
    event_days = forms.IntegerField(label="PAUSE-4/5 event days in force", min_value=1)
    declining_weeks = forms.IntegerField(label="PAUSE-6 consecutive weekly declines", min_value=1)
    episode_end_days = forms.IntegerField(label="J-3 false days that end an episode", min_value=1)
    card_expiry_days = forms.IntegerField(label="D-43 days before a stale card expires", min_value=1)
    dismiss_days = forms.IntegerField(label="D-22 days a dismissal holds", min_value=1)
    note = forms.CharField(label="Why this change", max_length=200)

    MONTH_FIELDS = ("adoption_only_months", "prime_months", "reinforce_months")

    @classmethod
    def initial_from(cls, policy: Policy) -> dict:
        data = policy.as_json()
        for name in cls.MONTH_FIELDS:
            data[name] = ",".join(str(m) for m in data[name])
        return data

    def clean(self):
        data = super().clean()
        seen: set[int] = set()
        for name in self.MONTH_FIELDS:
            raw = data.get(name)
            if raw is None:
                continue
            try:
                months = tuple(int(p) for p in raw.replace(" ", "").split(",") if p)
            except ValueError:
                self.add_error(name, "Months as numbers 1-12 separated by commas.")
                continue
            if any(m < 1 or m > 12 for m in months) or seen & set(months):
                self.add_error(name, "Months 1-12, each in one window only.")
                continue
            seen |= set(months)
            data[name] = months
        return data

    def params(self) -> dict:
        out: dict = {}
        for name, value in self.cleaned_data.items():
            if name == "note":
                continue
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple | list):
                value = list(value)
            out[name] = value
        return Policy.from_json(out).as_json()


class RoleFamilyForm(forms.Form):
    """D-1's keyword map, one rule a line: `keyword: family, family` (add `!` for exclusive)."""

    rules = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), label="Role-family map")
    note = forms.CharField(max_length=200, label="Why this change")

    def clean_rules(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["rules"].splitlines(), start=1):
            if not line.strip():
                continue
            keyword, sep, rest = line.partition(":")
            exclusive = rest.strip().endswith("!")
            families = [f.strip() for f in rest.strip().rstrip("!").split(",") if f.strip()]
            bad = [f for f in families if f not in FAMILIES]
            if not sep or not keyword.strip() or not families or bad:
                raise forms.ValidationError(
                    f"Line {number}: write `keyword: family, family`; families are {', '.join(FAMILIES)}."
                )
            parsed.append((keyword.strip().lower(), families, exclusive))
        return parsed


REASON_HELP = "Why this change — it goes into the history."


class PathwayForm(forms.Form):
    """P-6 / UC-3: one pathway row's texts."""

    condition_text = forms.CharField(label="If using…", max_length=120)
    target_text = forms.CharField(label="They might need…", max_length=120)
    product = forms.CharField(label="Product key (blank: the target use case's first step)", required=False)
    feature = forms.CharField(label="Feature", required=False)
    target_use_case = forms.ChoiceField(
        label="Target use case",
        choices=[("", "— the same use case —"), ("any", "Any other use case"), *USE_CASE_CHOICES],
        required=False,
    )
    why = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 2}))
    conversation_starter = forms.CharField(
        label="Conversation starter", widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label="Reason", max_length=200, help_text=REASON_HELP)


class QuestionForm(forms.Form):
    """P-6 / DQ-1, DQ-2: one discovery question."""

    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 2}))
    pain_revealed = forms.CharField(
        label="Pain revealed", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    posthog_advantage = forms.CharField(
        label="PostHog advantage", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    order = forms.IntegerField(label="Position", min_value=0)
    reason = forms.CharField(label="Reason", max_length=200, help_text=REASON_HELP)


class PersonasForm(forms.Form):
    """P-6 / UC-1b: one persona a line, `Name | role examples | cares about | evaluates`."""

    personas = forms.CharField(label="Personas", widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(label="Reason", max_length=200, help_text=REASON_HELP)

    @staticmethod
    def as_text(personas: list[dict]) -> str:
        return "\n".join(
            " | ".join(p.get(k, "") for k in ("name", "role_examples", "cares_about", "evaluates"))
            for p in personas
        )

    def clean_personas(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["personas"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if not parts[0] or len(parts) > 4:
                raise forms.ValidationError(
                    f"Line {number}: write `Name | role examples | what they care about | how they evaluate`."
                )
            parts += [""] * (4 - len(parts))
            parsed.append(
                dict(zip(("name", "role_examples", "cares_about", "evaluates"), parts, strict=True))
            )
        if not parsed:
            raise forms.ValidationError("At least one persona.")
        return parsed


class OrgOwnerForm(forms.Form):
    """P-1: a TAM marks who owns the customer's PostHog org (PAUSE-8, LOOK-10)."""

    is_org_owner = forms.TypedChoiceField(
        choices=[("1", "Org owner"), ("0", "Not an owner")], coerce=lambda v: v == "1"
    )
