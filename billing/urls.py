from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("products/", views.product_list, name="product-list"),
    path("credits/runway/", views.credit_runway_list, name="credit-runway"),
    path(
        "credits/runway/<int:pk>/acknowledge/",
        views.credit_runway_acknowledge,
        name="credit-runway-acknowledge",
    ),
    path("credits/add/", views.credit_add, name="credit-add"),
    path("accounts/<int:pk>/panel/", views.account_panel, name="account_panel"),
]
