"""Every path under /api/v1/, exactly as spec/contracts.md writes it (previews: no trailing slash)."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api_urls")),
    path("", include("accounts.health.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("revops.api_urls")),
    path("", include("quota.api_urls")),
    path("", include("crosssell.api_urls")),
]
