from django.contrib.auth import views as auth_views
from django.urls import path

from web.accounts import api_keys, audit, invitations, lockouts, passwords, privacy, second_factor, views
from web.accounts.guards import second_factor_exempt

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", second_factor_exempt(auth_views.LogoutView.as_view(next_page="accounts:login")), name="logout"),
    path("tai-khoan/mat-khau/", passwords.PasswordChangeView.as_view(), name="password-change"),
    path("tai-khoan/quen-mat-khau/", passwords.PasswordResetView.as_view(), name="password-reset"),
    path("tai-khoan/quen-mat-khau/da-gui/", passwords.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "tai-khoan/dat-lai-mat-khau/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "tai-khoan/dat-lai-mat-khau/xong/",
        passwords.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("can-bo/khoa-dang-nhap/", lockouts.lockout_page, name="lockouts"),
    path(
        "can-bo/<int:user_id>/dat-lai-xac-thuc/",
        second_factor.user_second_factor_reset,
        name="user-second-factor-reset",
    ),
    path("can-bo/", views.user_list, name="users"),
    path("loi-moi/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("can-bo/<int:user_id>/kich-hoat/", views.user_toggle_active, name="user-toggle-active"),
    path("nhat-ky/", audit.audit_log_page, name="audit"),
    path("du-lieu-ca-nhan/", privacy.personal_data_export_page, name="privacy-export"),
    path("nhat-ky/chuoi/", audit.audit_chain_page, name="audit-chain"),
    path("can-bo/phe-duyet-vai-tro/", audit.role_requests_page, name="role-requests"),
    path("can-bo/phe-duyet-vai-tro/<int:request_id>/", audit.role_request_decide_page, name="role-request-decide"),
    path("tai-khoan/api/", api_keys.api_key_list, name="api-keys"),
    path("tai-khoan/api/<int:token_id>/thu-hoi/", api_keys.api_key_revoke, name="api-key-revoke"),
]
