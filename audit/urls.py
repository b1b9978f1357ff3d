from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("<slug:slug>/audit/", views.trail, name="trail"),
    path("<slug:slug>/audit.csv", views.trail_csv, name="trail_csv"),
    path("<slug:slug>/audit.xlsx", views.trail_xlsx, name="trail_xlsx"),
]
