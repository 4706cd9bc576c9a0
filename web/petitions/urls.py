"""The staff pages of a unit's petitions (under /u/<code>/don-thu/)."""

from django.urls import path

from web.petitions import attachments, sealed, views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list_page, name="list"),
    path("moi/", views.petition_register_page, name="register"),
    path("<int:pk>/", views.petition_detail_page, name="detail"),
    path("<int:pk>/phan-loai/", views.petition_classify_page, name="classify"),
    path("<int:pk>/ket-qua-xu-ly/", views.petition_outcome_page, name="outcome"),
    path("<int:pk>/chuyen/<str:name>/", views.petition_transition_page, name="transition"),
    path("<int:pk>/bien-nhan/", views.receipt_download, name="receipt"),
    path("<int:pk>/tai-lieu/", attachments.attachment_list_page, name="attachments"),
    path("<int:pk>/tai-lieu/<int:attachment_pk>/", attachments.attachment_download, name="attachment"),
    path("<int:pk>/danh-tinh/", sealed.sealed_identity_page, name="sealed_identity"),
]
