from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_quotes

router = SimpleRouter(trailing_slash=True)
router.register("quotes", api_quotes.QuoteViewSet, basename="api-quote")

urlpatterns = [
    path("quotes/preview", api_quotes.QuotePreviewView.as_view(), name="api-quotes-preview"),
    path("imports/runs/<int:pk>/", api.ImportRunDetailView.as_view(), name="api-import-run-detail"),
    path("imports/<str:kind>/", api.ImportCreateView.as_view(), name="api-import-create"),
    *router.urls,
]
