"""The product catalogue: every contracts.md key, both product sets, RevOps-only edits, history."""

import pytest
from django.urls import reverse

from billing import selectors
from billing.models import Product
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

# contracts.md "Product keys", typed from the spec: key → (quota primary, core).
CONTRACT_KEYS = {
    "product_analytics": (True, False),
    "web_analytics": (False, False),
    "marketing_analytics": (False, False),
    "session_replay": (True, True),
    "feature_flags": (True, True),
    "experiments": (False, False),
    "surveys": (True, False),
    "error_tracking": (True, True),
    "logs": (True, False),
    "llm_observability": (True, False),
    "posthog_ai": (True, False),
    "data_warehouse": (True, False),
    "data_pipelines": (True, False),
    "workflows": (True, False),
    "group_analytics": (False, False),
    "person_profiles": (False, False),
    "revenue_analytics": (False, False),
    "teams_addon": (False, False),
    "boost_package": (False, False),
    "scale_package": (False, False),
    "enterprise_package": (False, False),
}
# crosssell.md catalogue table: kind, maturity, counts for adoption.
NOT_COUNTED = {"person_profiles", "teams_addon", "boost_package", "scale_package", "enterprise_package"}
BETA = {"logs", "marketing_analytics", "revenue_analytics"}
KINDS = {"group_analytics": "addon", "person_profiles": "addon", "teams_addon": "addon",
         "boost_package": "package", "scale_package": "package", "enterprise_package": "package"}


def test_it_holds_exactly_the_contract_keys_with_both_product_sets():
    rows = {p.key: (p.is_quota_primary, p.is_core) for p in Product.objects.all()}
    assert rows == CONTRACT_KEYS
    assert len(selectors.quota_primary_product_keys()) == 11
    assert selectors.core_product_keys() == {"session_replay", "feature_flags", "error_tracking"}


def test_it_carries_the_cross_sell_catalogue_attributes():
    """crosssell.md ProductCatalogEntry: kind, maturity, counts_for_adoption, attribution (CLS-2)."""
    for product in Product.objects.all():
        assert product.kind == KINDS.get(product.key, "product"), product.key
        assert product.maturity == ("beta" if product.key in BETA else "ga"), product.key
        assert product.counts_for_adoption == (product.key not in NOT_COUNTED), product.key
        assert product.usage_definition, product.key
    by_key = {p.key: p for p in Product.objects.all()}
    assert by_key["error_tracking"].attribution_use_case == "observability"
    assert by_key["posthog_ai"].attribution_use_case == "horizontal"
    assert by_key["group_analytics"].attribution_follows == "product_analytics"
    assert by_key["revenue_analytics"].attribution_use_case == "data_infrastructure"
    assert by_key["teams_addon"].attribution_use_case == ""


def test_it_lets_a_revops_admin_change_a_product_in_the_admin_and_keeps_history(client):
    admin_user = UserFactory(role="revops_admin")
    client.force_login(admin_user)
    product = Product.objects.get(key="logs")
    url = reverse("admin:billing_product_change", args=["logs"])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "name": product.name, "display_order": product.display_order, "is_quota_primary": "",
        "is_core": "", "kind": product.kind, "maturity": "ga", "maturity_note": "",
        "attribution_use_case": product.attribution_use_case, "attribution_follows": "",
        "secondary_use_cases": '["customer_experience"]', "counts_for_adoption": "on",
        "usage_definition": product.usage_definition, "activation_definition": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    product.refresh_from_db()
    assert (product.is_quota_primary, product.maturity) == (False, "ga")
    latest = product.history.latest()
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert "logs" not in selectors.quota_primary_product_keys()


@pytest.mark.parametrize("role", ["tam", "csm", "sales_manager", ""])
def test_it_forbids_everyone_else_from_the_catalogue_admin(client, role):
    client.force_login(UserFactory(role=role))
    url = reverse("admin:billing_product_change", args=["logs"])
    response = client.post(url, {"name": "hijacked"})
    assert response.status_code in (302, 403)
    assert Product.objects.get(key="logs").name == "Logs"
    assert not Product.history.filter(key="logs", history_type="~").exists()


def test_it_lists_the_catalogue_for_every_logged_in_user_with_csv_export(client):
    client.force_login(UserFactory(role=""))
    page = client.get(reverse("billing:product-list"))
    assert page.status_code == 200
    assert b"product_analytics" in page.content
    filtered = client.get(reverse("billing:product-list"), {"is_core": "true"})
    assert len(filtered.context["table"].rows) == 3
    export = client.get(reverse("billing:product-list"), {"_export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    assert export.content.decode().count("\n") >= 22  # header + 21 products
