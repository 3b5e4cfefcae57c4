from django.urls import path

from . import api

urlpatterns = [
    path("billing/credits/preview", api.CreditsPreviewView.as_view(), name="api-billing-credits-preview"),
    path("billing/accounts/<int:pk>/mrr", api.AccountMrrView.as_view(), name="api-billing-account-mrr"),
    path("billing/accounts/<int:pk>/credit-runway", api.AccountCreditRunwayView.as_view(),
         name="api-billing-account-credit-runway"),
    path("billing/credit-runway", api.CreditRunwayListView.as_view(), name="api-billing-credit-runway"),
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
