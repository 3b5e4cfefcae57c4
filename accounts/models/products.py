"""Which products an account pays for and how deeply it uses them (accounts.md §1.2 Products)."""

from django.db import models
from simple_history.models import HistoricalRecords

from .accounts import Account
from .base import validate_product_keys


class ProductMaturity(models.TextChoices):
    BASIC = "Basic", "Basic"
    INTERMEDIATE = "Intermediate", "Intermediate"
    ADVANCED = "Advanced", "Advanced"


class AccountProduct(models.Model):
    """One contracts.md product on one account; `product_key` is validated against
    billing.Product, never a foreign key (accounts sits left of billing)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="products")
    product_key = models.CharField(max_length=40)
    paying = models.BooleanField(default=False)
    maturity = models.CharField(
        max_length=12, choices=ProductMaturity.choices, blank=True, help_text="Empty = not assessed."
    )
    first_paid_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "product_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "product_key"],
                name="account_product_unique",
                violation_error_message="product_key: this account already lists that product.",
            ),
            models.CheckConstraint(
                condition=~models.Q(product_key=""),
                name="account_product_key_required",
                violation_error_message="product_key: required.",
            ),
        ]
        indexes = [models.Index(fields=["product_key", "paying"], name="account_product_paying")]

    def __str__(self) -> str:
        return f"{self.account} · {self.product_key}"

    def clean(self) -> None:
        super().clean()
        validate_product_keys("product_key", [self.product_key])
