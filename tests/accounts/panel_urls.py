"""A urlconf for tests only: the real one without quota's URLs, to show that the account page
drops an area's slot exactly when that area's panel URL does not resolve."""

from config.urls import urlpatterns as real_patterns

urlpatterns = [p for p in real_patterns if getattr(p, "namespace", None) != "quota"]
