from django.urls import path, re_path

from reports import letterhead_views, views

app_name = "reports"
urlpatterns = [
    path("reports/verify/", views.verify, name="verify"),
    # Printed on every issued PDF, with its QR code: public (docs/reports.md).
    # Only a SHA-256 in hex reaches the database (a NUL byte in the address is a 404, not a 500).
    re_path(r"^reports/verify/(?P<fingerprint>[0-9a-fA-F]{64})/$", views.verified,
            name="verified"),
    path("funds/<slug:slug>/reports/", views.calendar, name="calendar"),
    path("funds/<slug:slug>/reports/<str:kind>/<int:year>/", views.report, name="report"),
    path("funds/<slug:slug>/reports/<str:kind>/<int:year>/draft.<str:fmt>",
         views.draft_download, name="draft_download"),
    path("funds/<slug:slug>/reports/<str:kind>/<int:year>/issue/", views.issue, name="issue"),
    path("funds/<slug:slug>/reports/issued/<int:pk>.<str:fmt>", views.issued_download,
         name="issued_download"),
    path("funds/<slug:slug>/reports/issued/<int:pk>/answer/", views.answer, name="answer"),
    path("funds/<slug:slug>/reports/progress/<int:year>/narrative/", views.narrative,
         name="narrative"),
    path("funds/<slug:slug>/reports/letterhead/", letterhead_views.letterhead,
         name="letterhead"),
    path("funds/<slug:slug>/reports/letterhead/image", letterhead_views.letterhead_image,
         name="letterhead_image"),
    path("funds/<slug:slug>/reports/letterhead/remove/", letterhead_views.letterhead_remove,
         name="letterhead_remove"),
]
