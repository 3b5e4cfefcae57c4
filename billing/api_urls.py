from django.urls import path

from . import api
from .refunds import api as refund_api

urlpatterns = [
    path("billing/credits/preview", api.CreditsPreviewView.as_view(), name="api-billing-credits-preview"),
    path("billing/accounts/<int:pk>/mrr", api.AccountMrrView.as_view(), name="api-billing-account-mrr"),
    path("billing/accounts/<int:pk>/credit-runway", api.AccountCreditRunwayView.as_view(),
         name="api-billing-account-credit-runway"),
    path("billing/credit-runway", api.CreditRunwayListView.as_view(), name="api-billing-credit-runway"),
    # Refunds (issue 20)
    path("billing/refunds/preview", refund_api.RefundsPreviewView.as_view(),
         name="api-billing-refunds-preview"),
    path("billing/refund-requests", refund_api.RefundRequestListView.as_view(),
         name="api-billing-refund-requests"),
    path("billing/refund-requests/<int:pk>", refund_api.RefundRequestDetailView.as_view(),
         name="api-billing-refund-request"),
]

# Issue 20: dunning cases (read-only).
from . import dunning_api  # noqa: E402

urlpatterns += [
    path(
        "billing/dunning-cases", dunning_api.DunningCaseListView.as_view(), name="api-billing-dunning-cases"
    ),
    path("billing/dunning-cases/<int:pk>", dunning_api.DunningCaseDetailView.as_view(),
         name="api-billing-dunning-case"),
]
