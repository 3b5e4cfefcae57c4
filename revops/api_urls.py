from django.urls import path

from . import api

urlpatterns = [
    path("imports/runs/<int:pk>/", api.ImportRunDetailView.as_view(), name="api-import-run-detail"),
    path("imports/<str:kind>/", api.ImportCreateView.as_view(), name="api-import-create"),
]
