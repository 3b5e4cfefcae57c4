from django.urls import path

from . import calculator_views, panel_views, policy_views, quote_views, views

app_name = "revops"
urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/upload/", views.import_upload, name="import-upload"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
    path("imports/<int:pk>/errors.csv", views.import_errors_csv, name="import-errors-csv"),
    # quotes (issue 15)
    path("quotes/", quote_views.quote_list, name="quote-list"),
    path("quotes/new/", quote_views.quote_builder, name="quote-builder"),
    path("quotes/save/", quote_views.quote_create, name="quote-create"),
    path("quotes/options/<int:index>/preview/", quote_views.option_preview, name="quote-option-preview"),
    path("quotes/options/new/", quote_views.option_new, name="quote-option-new"),
    path("quotes/projection/", quote_views.projection, name="quote-projection"),
    path("quotes/opportunities/", quote_views.opportunity_options, name="quote-opportunities"),
    path("quotes/calculators/<str:kind>/", calculator_views.calculator, name="quote-calculator"),
    path("quotes/shared/<str:token>/", quote_views.quote_shared, name="quote-shared"),
    path("quotes/<int:pk>/", quote_views.quote_detail, name="quote-detail"),
    path("quotes/<int:pk>/edit/", quote_views.quote_edit, name="quote-edit"),
    path("quotes/<int:pk>/share/", quote_views.quote_share, name="quote-share"),
    path("quotes/<int:pk>/print/", quote_views.quote_print, name="quote-print"),
    # discount policy editor (issue 15)
    path("policy/", policy_views.policy_index, name="policy-index"),
    path("policy/draft/", policy_views.policy_draft_start, name="policy-draft-start"),
    path("policy/<int:pk>/", policy_views.policy_version, name="policy-version"),
    path("policy/<int:pk>/validate/", policy_views.policy_validate, name="policy-validate"),
    path("policy/<int:pk>/publish/", policy_views.policy_publish, name="policy-publish"),
    path("policy/<int:pk>/retire/", policy_views.policy_retire, name="policy-retire"),
    path("policy/<int:pk>/discard/", policy_views.policy_discard, name="policy-discard"),
    # the account page's panel (cross-issue contract)
    path("accounts/<int:pk>/panel/", panel_views.account_panel, name="account_panel"),
]
