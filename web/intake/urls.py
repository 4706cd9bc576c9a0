"""The citizen's online form of a unit (no login): /u/<code>/gui-don/…"""

from django.urls import path

from web.intake import views

app_name = "intake"
urlpatterns = [
    path(views.SUBMIT_PATH, views.submit, name="submit"),
    path(f"{views.SUBMIT_PATH}bien-nhan/", views.receipt, name="receipt"),
    path(f"{views.SUBMIT_PATH}bien-nhan/tai-ve/", views.receipt_download, name="receipt_download"),
]
