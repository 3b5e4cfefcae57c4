from django.urls import path

from . import views

app_name = "quota"
urlpatterns = [
    path("", views.tracker_index, name="tracker-index"),
    path("reps/<int:rep_id>/<str:quarter>/", views.tracker, name="tracker"),
    path("reps/<int:rep_id>/<str:quarter>/quota/", views.quota_amend, name="quota-amend"),
    path("reps/<int:rep_id>/<str:quarter>/accounts/<int:account_id>/", views.drilldown, name="drilldown"),
    path("what-if/", views.what_if, name="what-if"),
    path("teams/", views.teams, name="teams"),
    path("accounts/<int:pk>/panel/", views.account_panel, name="account_panel"),
]
