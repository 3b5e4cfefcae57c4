"""notify(): the one alert service — an in-app row, and Slack when a webhook is set (issue 11 §5)."""

import json

import pytest
import responses
from django.urls import reverse

from accounts.models import Notification
from accounts.services import notify
from tests.factories.accounts import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db
WEBHOOK = "https://hooks.slack.test/services/T000/B000/XXX"


def test_it_writes_an_in_app_notification():
    tam = UserFactory()
    notification = notify(recipient=tam, kind="invoice_late", text="Acme is 5 days late", link="/x/")
    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.recipient, stored.kind, stored.text, stored.link, stored.read) == (
        tam, "invoice_late", "Acme is 5 days late", "/x/", False,
    )


@pytest.mark.parametrize("field", ["kind", "text"])
def test_it_rejects_a_notification_missing_a_field(field):
    args = {"recipient": UserFactory(), "kind": "k", "text": "t", field: ""}
    with pytest.raises(ValueError, match=field):
        notify(**args)
    assert not Notification.objects.exists()


@responses.activate
def test_it_posts_to_the_slack_webhook_after_commit(settings, django_capture_on_commit_callbacks):
    settings.SLACK_WEBHOOK_URL = WEBHOOK
    settings.SITE_URL = "https://tambook.example"
    responses.post(WEBHOOK, json={"ok": True})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=UserFactory(name="Ana"), kind="churn_risk", text="Acme flagged", link="/a/1/")
    assert len(responses.calls) == 1
    body = json.loads(responses.calls[0].request.body)
    assert "Acme flagged" in body["text"]
    assert "https://tambook.example/a/1/" in body["text"]


@responses.activate
def test_it_keeps_the_notification_when_slack_fails(settings, django_capture_on_commit_callbacks):
    settings.SLACK_WEBHOOK_URL = WEBHOOK
    responses.post(WEBHOOK, status=500)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=UserFactory(), kind="k", text="still saved")
    assert Notification.objects.filter(text="still saved").exists()


@responses.activate
def test_it_does_not_call_slack_when_no_webhook_is_set(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=UserFactory(), kind="k", text="in-app only")
    assert len(responses.calls) == 0


def test_it_shows_unread_notifications_in_the_shell_and_marks_them_read(client):
    user = UserFactory()
    mine = NotificationFactory(recipient=user, text="Renewal in 30 days")
    NotificationFactory(text="someone else's")
    client.force_login(user)
    page = client.get(reverse("notifications"))
    assert b"Renewal in 30 days" in page.content
    assert b"someone else" not in page.content
    assert page.context["unread_notifications"] == 1
    client.post(reverse("notification-read", args=[mine.pk]), HTTP_HX_REQUEST="true")
    mine.refresh_from_db()
    assert mine.read


def test_it_forbids_marking_someone_elses_notification(client):
    other = NotificationFactory()
    client.force_login(UserFactory())
    assert client.post(reverse("notification-read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert not other.read


def test_it_marks_all_read(client):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    client.force_login(user)
    client.post(reverse("notifications-read-all"))
    assert not Notification.objects.filter(recipient=user, read=False).exists()
