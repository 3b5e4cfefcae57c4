from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("accounts/<int:pk>/panel/", views.account_panel, name="account_panel"),
    path("accounts/<int:pk>/", views.account_page, name="account"),
    path("accounts/<int:pk>/recommendations/", views.recommendation_add, name="recommendation-add"),
    path("recommendations/<int:pk>/status/", views.recommendation_status, name="recommendation-status"),
    path("accounts/<int:pk>/seasonal/", views.seasonal_add, name="seasonal-add"),
    path("seasonal/<int:pk>/end/", views.seasonal_end, name="seasonal-end"),
    path("settings/", views.health_settings, name="settings"),
]
