from django.urls import path

from . import api

urlpatterns = [
    path("health/preview", api.HealthPreviewView.as_view(), name="api-health-preview"),
    path("accounts/<int:pk>/health/", api.AccountHealthView.as_view(), name="api-account-health"),
]
