from django.urls import path

from . import api

urlpatterns = [
    path("billing/credits/preview", api.CreditsPreviewView.as_view(), name="api-billing-credits-preview"),
]
