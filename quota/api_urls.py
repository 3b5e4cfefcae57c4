from django.urls import path

from . import api

urlpatterns = [
    path("quota/preview", api.QuotaPreviewView.as_view(), name="api-quota-preview"),
]
