"""The province's entry to the online form, on the platform's root: /gui-don/."""

from django.urls import path

from web.intake import views

app_name = "intake_public"
urlpatterns = [path(views.SUBMIT_PATH, views.entry, name="entry")]
