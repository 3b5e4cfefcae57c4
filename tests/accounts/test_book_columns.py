"""The registry of other areas' book columns: a provider plugs in by existing, "—" until then."""

import sys
import types
from datetime import date
from decimal import Decimal

import pytest

from accounts.book import columns
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_billing(monkeypatch):
    """A stand-in `billing.selectors.book_columns`, counting its calls."""
    calls: list[list[int]] = []

    def book_columns(account_ids):
        calls.append(list(account_ids))
        return {
            account_ids[0]: {
                "mrr_6m": [Decimal(v) for v in ("10", "20", "30", "40", "50", "60")],
                "credit_runway_days": 42,
                "credit_run_out_on": date(2027, 1, 1),
            }
        }

    module = types.ModuleType("billing.selectors")
    module.book_columns = book_columns  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "billing.selectors", module)
    return calls


def test_it_calls_each_provider_once_per_page_with_all_the_ids(fake_billing):
    first, second = AccountFactory(), AccountFactory()
    cells = columns.load([first.pk, second.pk])
    assert fake_billing == [[first.pk, second.pk]]  # three billing keys, one call
    assert cells[first.pk]["credit_runway_days"].value == 42
    assert cells[first.pk]["credit_runway_days"].available


def test_an_account_the_provider_does_not_answer_for_shows_a_dash_naming_the_area(fake_billing):
    first, second = AccountFactory(), AccountFactory()
    cell = columns.load([first.pk, second.pk])[second.pk]["mrr_6m"]
    assert str(cell) == "—" and not cell.available
    assert cell.tooltip.endswith("Not available yet: provided by billing.")


def test_a_module_or_function_that_does_not_exist_yet_shows_dashes(monkeypatch):
    monkeypatch.delitem(sys.modules, "crosssell.selectors", raising=False)
    account = AccountFactory()
    cells = columns.load([account.pk])[account.pk]
    # crosssell.selectors does not exist; billing.selectors exists without book_columns
    assert not cells["primary_use_case"].available
    assert "provided by cross-sell" in cells["primary_use_case"].tooltip
    assert not cells["mrr_6m"].available
    assert "later issue" in cells["plan_status"].tooltip


def test_the_registry_uses_the_agreed_modules_and_keys():
    wanted = {
        "billing.selectors": {"mrr_6m", "credit_runway_days", "credit_run_out_on"},
        "accounts.health.selectors": {"health_band", "health_last_4_weeks"},
        "crosssell.selectors": {"primary_use_case", "open_cards"},
        "quota.selectors": {"quota_contribution", "quota_multiplier"},
    }
    found: dict[str, set[str]] = {}
    for spec in columns.COLUMNS:
        if spec.module:
            assert spec.function == "book_columns"
            found.setdefault(spec.module, set()).add(spec.key)
    assert found == wanted


def test_the_book_renders_a_sparkline_from_a_provider(fake_billing, client):
    from tests.factories import BookMembershipFactory, UserFactory

    tam = UserFactory()
    account = AccountFactory(owner=tam)
    BookMembershipFactory(account=account, tam=tam)
    client.force_login(tam)
    html = client.get("/book/").content.decode()
    assert '<svg class="sparkline"' in html
    assert "MRR, oldest to newest: 10, 20, 30, 40, 50, 60" in html
    assert "42" in html and "2027-01-01" in html
