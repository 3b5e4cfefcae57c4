from django.urls import path

from . import api, api_reads

urlpatterns = [
    path("quota/preview", api.QuotaPreviewView.as_view(), name="api-quota-preview"),
    path("quota/attainment/", api_reads.RepAttainmentListView.as_view(), name="api-quota-attainment"),
    path(
        "quota/attainment/<int:rep_id>/",
        api_reads.RepAttainmentDetailView.as_view(),
        name="api-quota-attainment-rep",
    ),
    path("quota/teams/", api_reads.TeamAttainmentListView.as_view(), name="api-quota-teams"),
]
