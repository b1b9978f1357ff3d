from django.urls import path

from budget import views

app_name = "budget"
urlpatterns = [
    path("<slug:slug>/budget/", views.budget_overview, name="overview"),
]
