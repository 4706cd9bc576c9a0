from django.contrib.auth import views as auth_views
from django.urls import path

from web.accounts import api_keys, audit, invitations, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="accounts:login"), name="logout"),
    path("can-bo/", views.user_list, name="users"),
    path("loi-moi/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("can-bo/<int:user_id>/kich-hoat/", views.user_toggle_active, name="user-toggle-active"),
    path("nhat-ky/", audit.audit_log_page, name="audit"),
    path("tai-khoan/api/", api_keys.api_key_list, name="api-keys"),
    path("tai-khoan/api/<int:token_id>/thu-hoi/", api_keys.api_key_revoke, name="api-key-revoke"),
]
