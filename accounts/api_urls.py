from django.urls import path

from . import api
from .account_page import api as account_api
from .book import api as book_api

urlpatterns = [
    path("health/", api.liveness, name="api-health"),
    # Issue 16: the twins of My book and the account page.
    path("book/", book_api.my_book, name="api-my-book"),
    path("book/<int:user_id>/", book_api.user_book, name="api-book"),
    path("accounts/<int:pk>/", account_api.AccountDetailView.as_view(), name="api-account-detail"),
    path("accounts/<int:pk>/contacts/", account_api.ContactListView.as_view(), name="api-account-contacts"),
    path("accounts/<int:pk>/contacts/<int:contact_id>/status/", account_api.ContactStatusView.as_view(),
         name="api-account-contact-status"),
    path("accounts/<int:pk>/notes/", account_api.NoteListView.as_view(), name="api-account-notes"),
]
