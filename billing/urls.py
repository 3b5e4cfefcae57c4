from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("products/", views.product_list, name="product-list"),
]
