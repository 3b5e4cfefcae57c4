"""Forms of the health panel and the Health settings page; bad input names its field."""

from django import forms

from accounts.models import CustomerRecommendation, SeasonalExplanation

from .engine import COMPONENT_KEYS, COMPONENT_LABELS, DEFAULT_THRESHOLDS, HealthConfig


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = CustomerRecommendation
        fields = ["description", "product_key"]
        labels = {"description": "Recommendation given", "product_key": "Product (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, product_choices=(), **kwargs):
        # ids of their own: on the account page the business-info form has a `description` too
        kwargs.setdefault("auto_id", "health_rec_%s")
        super().__init__(*args, **kwargs)
        self.fields["product_key"] = forms.ChoiceField(
            label="Product (optional)", required=False, choices=[("", "—"), *product_choices]
        )


class SeasonalForm(forms.ModelForm):
    class Meta:
        model = SeasonalExplanation
        fields = ["starts_on", "ends_on", "reason"]
        labels = {"starts_on": "Starts on", "ends_on": "Ends on", "reason": "Why usage dips"}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.TextInput(),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "health_seasonal_%s")  # unique on the composed account page
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date is on or after the start date.")
        return data


# Health settings: every number of the model (component.parameter) and every threshold (rule id).
NUMBER_PARAMETERS = {
    "usage_trend": (
        "max",
        "rising",
        "slight",
        "moderate",
        "steep",
        "slight_below",
        "steep_from",
        "insufficient_history",
        "seasonal_floor",
    ),
    "engagement": ("max",),
    "breadth": ("max", "behavioral_bonus", "warehouse_cap"),
    "relationship": ("max", "per_signal"),
    "support_billing": ("max", "spike", "billing_visits", "payment"),
    "bands": ("good", "fair"),
}
TIER_COMPONENTS = ("engagement", "breadth")


def model_field_name(component: str, parameter: str) -> str:
    return f"m__{component}__{parameter}"


def threshold_field_name(key: str) -> str:
    return "t__" + key.replace(".", "__").replace("-", "_")


class HealthSettingsForm(forms.Form):
    """A draft of the next HealthModel version, pre-filled with the one in force."""

    note = forms.CharField(label="Why this change", widget=forms.TextInput(), required=False)
    preview_account = forms.IntegerField(
        label="Preview the draft on account (id)",
        required=False,
        min_value=1,
        help_text="Shows that account's score today under the draft and under the version in force.",
    )

    def __init__(self, *args, config: HealthConfig, **kwargs):
        super().__init__(*args, **kwargs)
        self.config = config
        for component, parameters in NUMBER_PARAMETERS.items():
            label = COMPONENT_LABELS.get(component, "Bands")
            for parameter in parameters:
                self.fields[model_field_name(component, parameter)] = forms.IntegerField(
                    label=f"{label}: {parameter.replace('_', ' ')}",
                    min_value=0,
                    max_value=100,
                    initial=config.components[component][parameter],
                )
        for component in TIER_COMPONENTS:
            tiers = config.components[component]["tiers"]
            self.fields[model_field_name(component, "tiers")] = forms.CharField(
                label=f"{COMPONENT_LABELS[component]}: tiers (minimum:points, highest first)",
                initial=", ".join(f"{low}:{points}" for low, points in tiers),
            )
        for key in DEFAULT_THRESHOLDS:
            self.fields[threshold_field_name(key)] = forms.IntegerField(
                label=key,
                min_value=1,
                max_value=3650,
                initial=config.thresholds[key],
                help_text=f"default {DEFAULT_THRESHOLDS[key]}",
            )

    def _tiers(self, name: str) -> list[list[int]]:
        raw = self.cleaned_data.get(name) or ""
        try:
            tiers = [[int(part) for part in pair.split(":")] for pair in raw.split(",") if pair.strip()]
        except ValueError:
            tiers = []
        if not tiers or any(len(t) != 2 for t in tiers):
            self.add_error(name, "Write tiers as minimum:points pairs, e.g. 10:25, 5:18, 3:10, 1:3.")
        return tiers

    def documents(self) -> tuple[dict, dict]:
        """(components, thresholds) of the draft version."""
        components: dict = {key: dict(self.config.components[key]) for key in (*COMPONENT_KEYS, "bands")}
        for component, parameters in NUMBER_PARAMETERS.items():
            for parameter in parameters:
                components[component][parameter] = self.cleaned_data[model_field_name(component, parameter)]
        for component in TIER_COMPONENTS:
            components[component]["tiers"] = self._tiers(model_field_name(component, "tiers"))
        thresholds = {key: self.cleaned_data[threshold_field_name(key)] for key in DEFAULT_THRESHOLDS}
        return components, thresholds

    def field_for_problem(self, key: str) -> str | None:
        """The form field a ConfigError key names (component.parameter or a threshold)."""
        if key in DEFAULT_THRESHOLDS:
            return threshold_field_name(key)
        if "." in key:
            component, parameter = key.split(".", 1)
            name = model_field_name(component, parameter)
            return name if name in self.fields else None
        return None
