"""Login by email, logout, password change and django-axes lockout (issue 11 §7)."""

import pytest
from django.urls import reverse

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_login_page_to_anonymous_users(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'type="email"' in response.content


def test_it_sends_anonymous_users_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_logs_in_with_email_and_password_case_insensitively(client):
    user = UserFactory(email="dana@example.com", name="Dana Scully")
    response = client.post(reverse("login"), {"username": "Dana@Example.com", "password": PASSWORD})
    assert response.status_code == 302, response.content
    home = client.get(reverse("home"))
    assert home.context["user"] == user
    assert b"Dana" in home.content


def test_it_rejects_a_wrong_password_with_a_clear_message(client):
    UserFactory(email="tam@example.com")
    response = client.post(reverse("login"), {"username": "tam@example.com", "password": "nope"})
    assert response.status_code == 200
    assert b"didn&#x27;t match" in response.content or b"didn't match" in response.content
    assert "_auth_user_id" not in client.session


def test_it_logs_out_on_post(client):
    client.force_login(UserFactory())
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_it_locks_an_account_out_after_repeated_bad_passwords(client, settings):
    UserFactory(email="target@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "target@example.com", "password": "guess"})
    locked = client.post(reverse("login"), {"username": "target@example.com", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password_and_keeps_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "a-much-better-pass-42", "new_password2": "a-much-better-pass-42"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-much-better-pass-42")
    assert client.get(reverse("home")).status_code == 200


def test_it_requires_an_email_for_new_users():
    from accounts.models import User

    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "pw")
