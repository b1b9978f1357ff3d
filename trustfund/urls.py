from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from accounts.forms import (
    AuditedPasswordChangeForm,
    AuditedSetPasswordForm,
    OutboxPasswordResetForm,
)
from agreements import member_views
from agreements.forms import SignInForm
from web import languages

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(
        form_class=OutboxPasswordResetForm), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(form_class=AuditedSetPasswordForm),
         name="password_reset_confirm"),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("accounts/second-factor/", account_views.verify, name="second_factor"),
    path("accounts/second-factor/set-up/", account_views.setup, name="second_factor_setup"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(
        form_class=AuditedPasswordChangeForm), name="password_change"),
    path("accounts/sign-out-everywhere/", account_views.sign_out_everywhere_view,
         name="sign_out_everywhere"),
    path("accounts/password/changed/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("language/", languages.choose_language, name="choose_language"),
    path("invitations/<str:secret>/", member_views.accept, name="accept_invitation"),
    path("admin/", admin.site.urls),
    path("funds/", include("budget.urls")),
    path("funds/", include("forum.urls")),
    path("", include("reports.urls")),
    path("api/", include("api.urls")),
    path("funds/", include("agreements.urls")),
    path("funds/", include("audit.urls")),
    path("", include("notifications.urls")),
    path("", include("attention.urls")),
    path("", include("publication.urls")),
]

handler400 = "web.errors.bad_request"
handler403 = "web.errors.permission_denied"
handler404 = "web.errors.page_not_found"
handler500 = "web.errors.server_error"
