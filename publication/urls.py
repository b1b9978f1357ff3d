from django.urls import path

from publication import views

app_name = "publication"
urlpatterns = [
    # Public: no sign-in (docs/publication.md); a fund that did not opt in answers 404.
    path("public/funds/<slug:slug>/", views.factsheet, name="factsheet"),
    path("public/funds/<slug:slug>/iati-activity.xml", views.iati_activity,
         name="iati_activity"),
    path("public/iati-organisation.xml", views.iati_organisation, name="iati_organisation"),
    # The fund's administrators choose what is published.
    path("funds/<slug:slug>/publication/", views.settings_page, name="settings"),
]
