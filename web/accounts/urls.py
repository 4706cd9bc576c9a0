from django.contrib.auth import views as auth_views
from django.urls import path

from web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("can-bo/", views.user_list, name="users"),
    path("can-bo/<int:user_id>/kich-hoat/", views.user_toggle_active, name="user-toggle-active"),
]
