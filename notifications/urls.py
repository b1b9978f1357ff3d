from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("account/notifications/", views.notification_settings, name="settings"),
    path("account/calendar/", views.calendar_feed_make, name="calendar_feed_make"),
    path("account/calendar/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
]
