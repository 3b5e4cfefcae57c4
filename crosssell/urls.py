from django.urls import path

from . import views

app_name = "crosssell"

urlpatterns = [
    path("accounts/<int:pk>/panel/", views.account_panel, name="account_panel"),
    path("accounts/<int:pk>/", views.account_page, name="account_page"),
    path("accounts/<int:pk>/override/", views.override, name="override"),
    path("accounts/<int:pk>/phase/", views.phase_override, name="phase_override"),
    path("accounts/<int:pk>/events/", views.log_event, name="log_event"),
    path("accounts/<int:pk>/events/<int:event_pk>/clear/", views.clear_event, name="clear_event"),
    path("accounts/<int:pk>/check-items/", views.set_check_item, name="check_item"),
    path("accounts/<int:pk>/company-tags/", views.company_tags, name="company_tags"),
    path("accounts/<int:pk>/cards/<int:rec_pk>/dismiss/", views.dismiss, name="dismiss"),
    path("accounts/<int:pk>/cards/<int:rec_pk>/snooze/", views.snooze, name="snooze"),
    path("accounts/<int:pk>/contacts/<int:contact_pk>/org-owner/", views.org_owner, name="org_owner"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/pathways/<str:code>/", views.settings_pathway, name="settings_pathway"),
    path("settings/questions/<int:pk>/", views.settings_question, name="settings_question"),
    path("settings/use-cases/<str:key>/personas/", views.settings_personas, name="settings_personas"),
]
