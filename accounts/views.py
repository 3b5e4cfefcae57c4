from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification


@login_required
def home(request):
    return render(
        request,
        "accounts/home.html",
        {"recent_notifications": selectors.notifications_for(user=request.user, limit=5)},
    )


@login_required
def notifications(request):
    return render(
        request,
        "accounts/notifications.html",
        {"notifications": selectors.notification_inbox(user=request.user)[:200]},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, acting_user=request.user)
    if request.htmx:
        notification.read = True
        return render(request, "accounts/partials/notification_row.html", {"n": notification})
    return redirect(notification.link or "notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(acting_user=request.user)
    messages.success(request, f"Marked {count} notification(s) as read.")
    return redirect("notifications")
