"""The product catalogue: the source of both product sets (contracts.md)."""

from django.db import models
from simple_history.models import HistoricalRecords


class ProductKind(models.TextChoices):
    PRODUCT = "product", "Product"
    ADDON = "addon", "Add-on"
    PACKAGE = "package", "Package"


class Maturity(models.TextChoices):
    GA = "ga", "GA"
    BETA = "beta", "Beta"
    ALPHA = "alpha", "Alpha"
    ROADMAP = "roadmap", "Roadmap"


class UseCaseKey(models.TextChoices):
    PRODUCT_INTELLIGENCE = "product_intelligence", "Product Intelligence"
    RELEASE_ENGINEERING = "release_engineering", "Release Engineering"
    OBSERVABILITY = "observability", "Observability"
    GROWTH_MARKETING = "growth_marketing", "Growth & Marketing"
    AI_LLM_OBSERVABILITY = "ai_llm_observability", "AI/LLM Observability"
    DATA_INFRASTRUCTURE = "data_infrastructure", "Data Infrastructure"
    CUSTOMER_EXPERIENCE = "customer_experience", "Customer Experience"
    HORIZONTAL = "horizontal", "Horizontal (never attributed)"


class Product(models.Model):
    """One row per contracts.md product key; RevOps admins edit it, history is kept.

    `is_quota_primary` and `is_core` are the two product sets; the cross-sell attributes are
    crosssell.md's ProductCatalogEntry, held here because billing owns the catalogue.
    """

    key = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=120)
    display_order = models.PositiveSmallIntegerField(default=0)
    is_quota_primary = models.BooleanField("quota primary product", default=False)
    is_core = models.BooleanField("core product (allocation)", default=False)
    kind = models.CharField(max_length=10, choices=ProductKind.choices, default=ProductKind.PRODUCT)
    maturity = models.CharField(max_length=10, choices=Maturity.choices, default=Maturity.GA)
    maturity_note = models.CharField(max_length=200, blank=True)
    attribution_use_case = models.CharField(
        max_length=32, choices=UseCaseKey.choices, blank=True,
        help_text="The use case this product's spend goes to (blank: never attributed).",
    )
    attribution_follows = models.CharField(
        max_length=40, blank=True,
        help_text="Attributed to the same use case as this product (CLS-2), e.g. product_analytics.",
    )
    secondary_use_cases = models.JSONField(default=list, blank=True)
    counts_for_adoption = models.BooleanField(default=True)
    usage_definition = models.CharField(max_length=200, blank=True)
    activation_definition = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "key"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(attribution_use_case__gt="") & models.Q(attribution_follows__gt="")),
                name="product_attribution_one_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"
