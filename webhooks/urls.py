"""The webhook endpoints, included by api/urls.py under /api/v1/funds/<slug>/webhooks/."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from webhooks import views


def api(view):
    # DRF authenticates API requests itself, as in api/urls.py.
    return login_not_required(view.as_view())


urlpatterns = [
    path("", api(views.Subscriptions), name="webhooks"),
    path("<int:pk>/", api(views.SubscriptionDetail), name="webhook"),
    path("<int:pk>/deliveries/", api(views.Deliveries), name="webhook_deliveries"),
]
