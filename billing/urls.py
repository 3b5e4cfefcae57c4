from django.urls import path

from . import views
from .refunds import views as refund_views

app_name = "billing"
urlpatterns = [
    path("products/", views.product_list, name="product-list"),
    path("credits/runway/", views.credit_runway_list, name="credit-runway"),
    path(
        "credits/runway/<int:pk>/acknowledge/",
        views.credit_runway_acknowledge,
        name="credit-runway-acknowledge",
    ),
    path("credits/add/", views.credit_add, name="credit-add"),
    path("accounts/<int:pk>/panel/", views.account_panel, name="account_panel"),
    # Refunds (issue 20, B-40…B-49)
    path("refunds/", refund_views.refund_list, name="refund-list"),
    path("refunds/new/", refund_views.refund_new, name="refund-new"),
    path("refunds/check/", refund_views.refund_check, name="refund-check"),
    path("refunds/escalations/", refund_views.refund_escalations, name="refund-escalations"),
    path("refunds/<int:pk>/", refund_views.refund_detail, name="refund-detail"),
    path("refunds/<int:pk>/approve/", refund_views.refund_approve, name="refund-approve"),
    path("refunds/<int:pk>/decline/", refund_views.refund_decline, name="refund-decline"),
    path("refunds/<int:pk>/process/", refund_views.refund_process, name="refund-process"),
    path("refunds/<int:pk>/reassess/", refund_views.refund_reassess, name="refund-reassess"),
]

# Issue 20: late payments and dunning (billing.md §6).
from . import dunning_views  # noqa: E402

urlpatterns += [
    path("late-payments/", dunning_views.late_payments, name="late-payments"),
    path("late-payments/<int:pk>/", dunning_views.late_payment_case, name="late-payment-case"),
    path(
        "late-payments/<int:pk>/outreach/", dunning_views.late_payment_outreach, name="late-payment-outreach"
    ),
    path("late-payments/<int:pk>/pause/", dunning_views.late_payment_pause, name="late-payment-pause"),
    path(
        "late-payments/<int:pk>/step-done/",
        dunning_views.late_payment_step_done,
        name="late-payment-step-done",
    ),
    path("late-payments/<int:pk>/cancel/", dunning_views.late_payment_cancel, name="late-payment-cancel"),
]
