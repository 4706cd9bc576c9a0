"""The second-factor pages: included by a unit's URL conf and by the platform's (its admins)."""

from django.urls import path

from web.accounts import second_factor

app_name = "otp"
urlpatterns = [
    path("tai-khoan/xac-thuc/", second_factor.verify, name="verify"),
    path("tai-khoan/xac-thuc/dang-ky/", second_factor.enrol, name="enrol"),
    path("tai-khoan/xac-thuc/ma-khoi-phuc/", second_factor.recovery_codes, name="recovery-codes"),
    path("tai-khoan/xac-thuc/thoat/", second_factor.logout, name="logout"),
]
