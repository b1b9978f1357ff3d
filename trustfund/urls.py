from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agreements.forms import SignInForm
from web import languages

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", languages.choose_language, name="choose_language"),
    path("admin/", admin.site.urls),
    path("funds/", include("budget.urls")),
    path("funds/", include("forum.urls")),
    path("", include("reports.urls")),
    path("api/", include("api.urls")),
    path("funds/", include("agreements.urls")),
    path("", include("notifications.urls")),
    path("", include("attention.urls")),
]

handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.page_not_found"
handler500 = "web.errors.server_error"
