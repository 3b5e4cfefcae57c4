"""The shell: navigation for everyone (D-26), Admin only for RevOps admins, runtime mode footer."""

import pytest
from django.urls import reverse

from tests.factories.accounts import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["tam", "csm", "sales_manager", ""])
def test_it_lists_every_page_for_everyone_but_admin_only_for_revops(client, role):
    client.force_login(UserFactory(role=role))
    html = client.get(reverse("home")).content.decode()
    for label in ("Home", "Products", "Notifications", "API"):
        assert f">{label}</a>" in html, label
    assert ">Admin</a>" not in html


def test_it_shows_admin_to_revops_admins_and_lets_them_in(client):
    client.force_login(UserFactory(role="revops_admin"))
    assert ">Admin</a>" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_keeps_other_roles_out_of_the_admin(client):
    client.force_login(UserFactory(role="sales_manager"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_it_names_the_runtime_mode_and_says_read_only_for_no_role(client, settings):
    client.force_login(UserFactory(role=""))
    html = client.get(reverse("home")).content.decode()
    assert settings.RUNTIME_MODE in html
    assert "read-only" in html


def test_it_renders_home_in_constant_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    NotificationFactory.create_batch(2, recipient=user)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("home"))
    NotificationFactory.create_batch(30, recipient=user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_it_sends_a_content_security_policy_without_outside_origins(client):
    client.force_login(UserFactory())
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy
