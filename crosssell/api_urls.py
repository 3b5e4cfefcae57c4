from django.urls import path

from . import api

urlpatterns = [
    path("crosssell/preview", api.CrossSellPreviewView.as_view(), name="api-crosssell-preview"),
    path(
        "crosssell/accounts/<int:pk>/classification/",
        api.AccountClassificationView.as_view(),
        name="api-crosssell-classification",
    ),
    path(
        "crosssell/accounts/<int:pk>/triggers/",
        api.AccountTriggersView.as_view(),
        name="api-crosssell-triggers",
    ),
    path(
        "crosssell/accounts/<int:pk>/recommendations/",
        api.AccountRecommendationsView.as_view(),
        name="api-crosssell-recommendations",
    ),
]
