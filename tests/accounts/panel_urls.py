"""A urlconf for tests only: the real one plus a dummy `quota:account_panel`, to show that the
account page grows a slot for an area exactly when that area's panel URL exists."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as real_patterns


def dummy_panel(request, pk: int):
    return HttpResponse(f"<section><h2>Quota</h2><p>panel for {pk}</p></section>")


quota_panel_patterns = ([path("accounts/<int:pk>/panel/", dummy_panel, name="account_panel")], "quota")
urlpatterns = [path("dummy-quota/", include(quota_panel_patterns)), *real_patterns]
