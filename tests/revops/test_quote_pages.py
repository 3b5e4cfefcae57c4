"""The quote builder, quote pages, share link, print view and calculators (revops.md Pages)."""

from decimal import Decimal as D

import pytest

from revops.models import Quote, QuoteStatus
from tests.factories import (
    AccountFactory,
    OpportunityFactory,
    QuoteFactory,
    QuoteOptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tam():
    return UserFactory(role="tam")


@pytest.fixture
def account(tam):
    return AccountFactory(owner=tam, name="Hedgebox Ltd")


def option(i, **values):
    base = {"label": f"Option {i}", "credit_amount": "75000", "term_years": "1", "prepaid_years": "1",
            "payment_terms_days": "30", "billing": "upfront", "deal_type": "new"}
    base.update(values)
    return {f"o{i}-{k}": v for k, v in base.items()}


def form(account=None, *options, **extra):
    body = {"title": "Annual plan", "account": str(account.pk) if account else "", "projection_method": "average",
            **{f"usage_{m}": str(1000 + 100 * m) for m in range(1, 7)}}
    for o in options:
        body.update(o)
    body.update(extra)
    return body


def test_the_builder_prefills_options_and_prices_them(client, tam, account):
    client.force_login(tam)
    page = client.get(f"/revops/quotes/new/?account={account.pk}").content.decode()
    assert "Hedgebox Ltd" in page and "Priced with discount policy" in page
    assert 'name="o1-credit_amount"' in page and 'name="o2-credit_amount"' in page
    assert "Special-deal calculators" in page


def test_it_saves_a_quote_with_options_side_by_side_each_pinned_to_the_policy(client, tam, account):
    client.force_login(tam)
    opportunity = OpportunityFactory(account=account, owner=tam)
    response = client.post("/revops/quotes/save/", form(
        account, option(1, term_years="2", prepaid_years="2", signing_date_committed="on"),
        option(2, payment_terms_days="60"), opportunity=str(opportunity.pk)))
    quote = Quote.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/revops/quotes/{quote.pk}/"
    assert (quote.account, quote.opportunity, quote.status, quote.created_by) == (account, opportunity, "saved", tam)
    assert quote.monthly_volume == D("1350.00")  # the average of the six months
    first, second = quote.options.order_by("position")
    assert (first.discount_pct, first.price) == (D("35.50"), D("48375.00"))
    assert (second.components["cash_timing"], second.discount_pct) == ("-5.00", D("20.00"))
    assert first.policy_version_id == second.policy_version_id is not None
    page = client.get(response["Location"]).content.decode()
    assert "$48,375.00" in page and "$60,000.00" in page and "Timing of cash (P-6)" in page


@pytest.mark.parametrize(("values", "state"), [
    ({"credit_amount": "20000"}, "below $25k: no discount"),
    ({"billing": "monthly"}, "monthly payment: 0%"),
    ({"credit_amount": "1000000"}, "custom pricing: approval required"),
    ({"term_years": "4"}, "custom pricing: approval required"),
])  # fmt: skip
def test_each_option_shows_its_explicit_state_live(client, tam, values, state):
    client.force_login(tam)
    response = client.post("/revops/quotes/options/1/preview/", form(None, option(1, **values)))
    assert state in response.content.decode()


def test_bad_input_saves_nothing_names_the_option_and_field_and_keeps_what_was_typed(client, tam, account):
    client.force_login(tam)
    response = client.post("/revops/quotes/save/", form(
        account, option(1, credit_amount="lots"), option(2, prepaid_years="3"), usage_3="-4"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert "Option 1, credit_amount" in text and "Option 2, prepaid_years" in text and "usage_3" in text
    assert 'value="lots"' in text
    assert not Quote.objects.exists()


def test_a_tam_may_not_save_a_quote_on_someone_elses_account(client, tam):
    client.force_login(tam)
    other = AccountFactory(owner=UserFactory(role="tam"))
    response = client.post("/revops/quotes/save/", form(other, option(1)))
    assert response.status_code == 400 and not Quote.objects.exists()


def test_at_most_five_options_are_kept(client, tam, account):
    client.force_login(tam)
    client.post("/revops/quotes/save/", form(account, *[option(i) for i in range(1, 8)]))
    assert Quote.objects.get().options.count() == 5


def test_sharing_creates_a_read_only_link_that_needs_no_login(client, tam, account):
    quote = QuoteFactory(account=account, created_by=tam)
    QuoteOptionFactory(quote=quote, position=1)
    client.force_login(tam)
    client.post(f"/revops/quotes/{quote.pk}/share/")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SHARED and quote.share_token
    client.logout()
    shared = client.get(f"/revops/quotes/shared/{quote.share_token}/")
    assert shared.status_code == 200 and "$24,000.00" in shared.content.decode()
    assert client.get("/revops/quotes/shared/not-a-token/").status_code == 404


def test_only_the_owner_or_revops_may_share_or_edit(client, account):
    quote = QuoteFactory(account=account)
    client.force_login(UserFactory(role="tam"))
    assert client.post(f"/revops/quotes/{quote.pk}/share/").status_code == 403
    assert client.get(f"/revops/quotes/{quote.pk}/edit/").status_code == 403
    client.force_login(UserFactory(role="revops_admin"))
    assert client.get(f"/revops/quotes/{quote.pk}/edit/").status_code == 200


def test_editing_re_prices_with_the_policy_in_force(client, tam, account):
    client.force_login(tam)
    client.post("/revops/quotes/save/", form(account, option(1)))
    quote = Quote.objects.get()
    edit = client.get(f"/revops/quotes/{quote.pk}/edit/").content.decode()
    assert 'value="75000.00"' in edit
    client.post(f"/revops/quotes/{quote.pk}/edit/", form(account, option(1, credit_amount="100000")))
    assert quote.options.get().discount_pct == D("30.00")


def test_the_print_view_is_a_standalone_printable_page(client, tam, account):
    quote = QuoteFactory(account=account, created_by=tam)
    QuoteOptionFactory(quote=quote, position=1)
    client.force_login(tam)
    text = client.get(f"/revops/quotes/{quote.pk}/print/").content.decode()
    assert "Prepared for <strong>Hedgebox Ltd</strong>" in text and 'class="topbar"' not in text


def _quotes_with_options(account, count):
    for _ in range(count):
        quote = QuoteFactory(account=account)
        for position in (1, 2):
            QuoteOptionFactory(quote=quote, position=position)


def test_the_quote_list_runs_a_fixed_number_of_queries(client, tam, account, django_assert_num_queries):
    client.force_login(tam)
    _quotes_with_options(account, 2)
    client.get("/revops/quotes/")
    with django_assert_num_queries(6) as two:
        client.get("/revops/quotes/")
    _quotes_with_options(account, 18)
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get("/revops/quotes/")
    assert response.content.decode().count("/revops/quotes/") >= 20


def test_the_detail_page_runs_a_fixed_number_of_queries(client, tam, account, django_assert_num_queries):
    client.force_login(tam)
    small = QuoteFactory(account=account, created_by=tam)
    QuoteOptionFactory(quote=small, position=1)
    big = QuoteFactory(account=account, created_by=tam)
    for position in range(1, 6):
        QuoteOptionFactory(quote=big, position=position)
    client.get(f"/revops/quotes/{small.pk}/")
    with django_assert_num_queries(6) as one:
        client.get(f"/revops/quotes/{small.pk}/")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(f"/revops/quotes/{big.pk}/")


def test_the_builder_runs_a_fixed_number_of_queries(client, tam, account, django_assert_num_queries):
    client.force_login(tam)
    client.get(f"/revops/quotes/new/?account={account.pk}")
    with django_assert_num_queries(13) as few:
        client.get(f"/revops/quotes/new/?account={account.pk}")
    for _ in range(20):
        AccountFactory(owner=tam)
        OpportunityFactory(account=account, owner=tam)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(f"/revops/quotes/new/?account={account.pk}")


@pytest.mark.parametrize(("kind", "data", "expected"), [
    ("startup_rolloff", {"credit_amount": "25000.00", "term_months": "12"}, "$4,166.67"),
    ("buyout", {"annual_price": "50000", "months_to_run": "6", "paid_upfront": "on", "competitor_listed": "on",
                "proof_attached": "on"}, "$25,000.00"),
    ("nb_renewal", {"our_first_year_cost": "40000", "competitor_quote": "50000"}, "$10,000.00"),
    ("rollover", {"remaining": "30000", "original_credit_amount": "50000", "original_annual_price": "40000",
                  "renewal_annual_price": "40000"}, "$25,000.00"),
    ("start_date", {"mode": "next_billing_cycle", "today": "2025-10-15", "billing_anchor": "2025-09-01"},
     "01 Nov 2025"),
    ("expansion", {"parent_start": "2025-01-01", "parent_term_months": "12", "signed_on": "2025-06-01"},
     "7 months"),
])  # fmt: skip
def test_the_special_deal_calculators_answer_the_handbook_examples(client, tam, kind, data, expected):
    client.force_login(tam)
    response = client.post(f"/revops/quotes/calculators/{kind}/", data)
    assert expected in response.content.decode()


def test_a_calculator_names_a_bad_field(client, tam):
    client.force_login(tam)
    text = client.post("/revops/quotes/calculators/buyout/", {"annual_price": "lots"}).content.decode()
    assert "annual_price" in text and "months_to_run: Required." in text


def test_the_navigation_lists_quotes_for_everyone_and_the_policy_for_revops(client, tam):
    client.force_login(tam)
    page = client.get("/revops/quotes/").content.decode()
    assert 'href="/revops/quotes/"' in page and "Discount policy" not in page
    client.force_login(UserFactory(role="revops_admin"))
    assert "Discount policy" in client.get("/revops/quotes/").content.decode()
