from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .account_page import views as account_views
from .book import views as book_views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    # Issue 16: My book, the accounts list and the account page (no namespace, like the rest).
    path("book/", book_views.my_book, name="my-book"),
    path("book/<int:user_id>/", book_views.book, name="book"),
    path("accounts/", book_views.account_list, name="account-list"),
    path("accounts/<int:pk>/", account_views.account_detail, name="account-detail"),
    path("accounts/<int:pk>/timeline/", account_views.account_timeline, name="account-timeline"),
    path("accounts/<int:pk>/business-info/", account_views.account_business_info,
         name="account-business-info"),
    path("accounts/<int:pk>/notes/", account_views.account_note_add, name="account-note-add"),
    path("accounts/<int:pk>/contacts/<int:contact_id>/status/", account_views.account_contact_status,
         name="account-contact-status"),
]
