"""What the browser tests share: logging in through the real form, and the reference data that
migrations seed and a live-server test's flush removes."""

import re

from playwright.sync_api import Page, expect


def log_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def reseed_reference_data() -> None:
    """The product catalogue, its key aliases and cross-sell's reference data, as their data
    migrations seed them, when an earlier browser test's flush emptied them."""
    from importlib import import_module

    from django.apps import apps

    from billing.models import Product
    from crosssell.models import DiscoveryQuestion

    if not Product.objects.exists():
        import_module("billing.migrations.0002_product_catalogue").load(apps, None)
        import_module("billing.migrations.0004_product_key_aliases").seed(apps, None)
    if not DiscoveryQuestion.objects.exists():
        import_module("crosssell.migrations.0002_reference_data").load(apps, None)
        import_module("crosssell.migrations.0004_reference_pathways_questions").load(apps, None)
