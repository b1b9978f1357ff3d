from django.urls import path

from attention import views

app_name = "attention"
urlpatterns = [
    path("", views.home, name="home"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
