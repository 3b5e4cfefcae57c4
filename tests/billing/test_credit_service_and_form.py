"""Add credit (B-17…B-20, B-67): who may add which kind, the context it needs, the audit trail
and the pending Stripe write; STRIPE_WRITES_ENABLED=true refused at startup."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError

from billing import services
from billing.apps import check_stripe_writes_disabled
from billing.models import CreditGrant, StripeWriteTask
from tests.billing.builders import customer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/billing/credits/add/"


def one_time(bc, user, **changes):
    fields = {
        "billing_customer": bc,
        "kind": "ONE_TIME",
        "amount": D("250.00"),
        "reason": "first_big_bill",
        "notes": "Goodwill after a surprise first bill",
        "acting_user": user,
    }
    fields.update(changes)
    return services.credit_grant_create(**fields)


@pytest.mark.parametrize(
    ("who", "kind", "allowed"),
    [
        ("owner", "ONE_TIME", True),
        ("other_tam", "ONE_TIME", False),
        ("sales_manager", "ONE_TIME", True),
        ("revops_admin", "ONE_TIME", True),
        ("no_role", "ONE_TIME", False),
        ("owner", "EXPANSION", False),
        ("sales_manager", "EXPANSION", False),
        ("revops_admin", "EXPANSION", True),
    ],
)
def test_one_time_credits_are_for_owners_managers_and_revops_other_kinds_for_revops_b17(
    who, kind, allowed, django_capture_on_commit_callbacks
):
    bc, _ = customer()
    user = {
        "owner": bc.account.owner,
        "other_tam": UserFactory(role="tam"),
        "sales_manager": UserFactory(role="sales_manager"),
        "revops_admin": UserFactory(role="revops_admin"),
        "no_role": UserFactory(role=""),
    }[who]
    extra = {} if kind == "ONE_TIME" else {"reason": ""}
    with django_capture_on_commit_callbacks(execute=False):
        if allowed:
            assert one_time(bc, user, kind=kind, **extra).pk
        else:
            with pytest.raises(PermissionDenied):
                one_time(bc, user, kind=kind, **extra)
    assert CreditGrant.objects.exists() is allowed


def test_a_grant_waits_pending_beside_its_stripe_write_and_is_audited_b20_b67(
    django_capture_on_commit_callbacks,
):
    bc, party = customer()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grant = one_time(bc, bc.account.owner)
    assert grant.status == "PENDING" and grant.stripe_customer == party and grant.remaining == D("250.00")
    task = StripeWriteTask.objects.get(credit_grant=grant)
    assert task.idempotency_key == f"tamapp-creditgrant-{grant.pk}-apply" and task.status == "pending"
    assert task.payload["amount"] == -25000 and task.payload["customer"] == party.stripe_id
    assert grant.history.get().history_type == "+" and len(callbacks) == 1  # the runway recompute


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notes": "", "reference_link": ""}, "notes"),
        ({"reason": "other", "notes": "", "reference_link": "https://example.zendesk.com/t/1"}, "notes"),
        ({"reason": "trial_accommodation", "expires_at": None}, "expires_at"),
        ({"reason": ""}, None),
        ({"amount": D("0.00")}, "amount"),
    ],
)
def test_it_refuses_a_credit_without_enough_context_b19(changes, field):
    bc, _ = customer()
    with pytest.raises(ValidationError) as error:
        one_time(bc, UserFactory(role="revops_admin"), **changes)
    if field:
        assert field in error.value.message_dict
    assert not CreditGrant.objects.exists() and not StripeWriteTask.objects.exists()


def test_a_reference_link_alone_is_enough_context_b19(django_capture_on_commit_callbacks):
    bc, _ = customer()
    with django_capture_on_commit_callbacks(execute=False):
        grant = one_time(
            bc, bc.account.owner, notes="", reference_link="https://posthog.slack.com/archives/1"
        )
    assert grant.pk


def test_stripe_writes_enabled_is_refused_at_startup_b67(settings):
    settings.STRIPE_WRITES_ENABLED = True
    with pytest.raises(ImproperlyConfigured, match="STRIPE_WRITES_ENABLED"):
        check_stripe_writes_disabled()
    settings.STRIPE_WRITES_ENABLED = False
    check_stripe_writes_disabled()


# --- the form -----------------------------------------------------------------------------


def post(client, bc, **changes):
    data = {
        "billing_customer": bc.pk,
        "kind": "ONE_TIME",
        "amount": "250.00",
        "reason": "promo_credit",
        "notes": "Conference promo",
        "reference_link": "",
        "expires_at": "",
    }
    data.update(changes)
    return client.post(URL, data)


def test_the_form_saves_a_one_time_credit_and_lands_on_the_runway_list(
    client, django_capture_on_commit_callbacks
):
    bc, _ = customer()
    client.force_login(bc.account.owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, bc)
    assert response.status_code == 302 and f"customer={bc.pk}" in response["Location"]
    grant = CreditGrant.objects.get()
    assert grant.created_by == bc.account.owner and grant.reason == "promo_credit"


def test_the_form_names_the_bad_field_and_keeps_what_was_typed_b19(client):
    bc, _ = customer()
    client.force_login(bc.account.owner)
    response = post(client, bc, reason="trial_accommodation", notes="Trial for replay")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Expires on: A trial accommodation documents when it expires (B-19)." in html
    assert "Trial for replay" in html and not CreditGrant.objects.exists()


def test_the_form_refuses_a_user_without_rights_on_the_account_b17(client):
    bc, _ = customer()
    client.force_login(UserFactory(role="tam"))
    response = post(client, bc)
    assert response.status_code == 403 and "You may not add this kind of credit" in response.content.decode()
    assert not CreditGrant.objects.exists()


def test_the_form_offers_other_kinds_only_to_revops_admins_b17(client):
    bc, _ = customer()
    client.force_login(bc.account.owner)
    assert "EXPANSION" not in client.get(URL).content.decode()
    client.force_login(UserFactory(role="revops_admin"))
    assert "EXPANSION" in client.get(URL).content.decode()


def test_credit_for_a_finalized_invoice_goes_to_a_refund_instead_b18(client):
    from tests.factories import InvoiceFactory

    bc, party = customer()
    invoice = InvoiceFactory(stripe_customer=party, status="paid")
    client.force_login(bc.account.owner)
    response = client.get(URL, {"invoice": invoice.pk}, follow=True)
    assert "a completed invoice is adjusted with a refund (B-18)" in response.content.decode()
    assert "invoice" not in AddCreditFormFields()


def AddCreditFormFields():
    from billing.forms import AddCreditForm

    return set(AddCreditForm().fields)
