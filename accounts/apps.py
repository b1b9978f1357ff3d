from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from accounts.models import record_sign_in
        from accounts.second_factor import note_second_factor_at_sign_in
        from web.session_lifetime import note_sign_in

        # A sign-in updates last_login; that is not a change worth a history row.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="update_last_login")
        # Whether this session needs the second factor is decided once, at sign-in.
        user_logged_in.connect(note_second_factor_at_sign_in,
                               dispatch_uid="note_second_factor_at_sign_in")
        # The session's idle and absolute lifetimes count from sign-in (docs/access.md#sessions).
        user_logged_in.connect(note_sign_in, dispatch_uid="note_session_sign_in")
