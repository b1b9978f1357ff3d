"""Included by budget.urls under /funds/ (namespace budget:documents): the documents sit on
the fund's entries and revisions."""

from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("<slug:slug>/documents/<int:pk>/", views.download, name="download"),
    path("<slug:slug>/documents/<int:pk>/remove/", views.remove, name="remove"),
    path("<slug:slug>/budget/revisions/<int:pk>/documents/", views.revision_attach,
         name="revision_attach"),
]
