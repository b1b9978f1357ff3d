"""Acts on one's own account leave an audit row the audit trail shows: a password changed or
reset, a backup code used. Nothing secret goes into the row."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.conftest import PASSWORD

NEW_PASSWORD = "Caspian shore in autumn 2015"


def signed_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": username,
                                            "password": password}).status_code == 302
    return client


@pytest.mark.django_db
def test_a_changed_password_is_audited_and_ends_the_other_sessions(make_user):
    user = make_user("government")
    here, elsewhere = signed_in("government"), signed_in("government")
    response = here.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/changed/"
    [event] = AuditEvent.objects.filter(action="account.password_changed")
    assert event.actor == user and event.summary == "password of government changed"
    assert PASSWORD not in str(event.details) and NEW_PASSWORD not in event.summary
    assert here.get("/account/notifications/").status_code == 200
    assert elsewhere.get("/account/notifications/").status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The history of the person shows no empty change for it.
    assert user.history.count() == 1


@pytest.mark.django_db
def test_a_refused_password_change_writes_nothing(make_user):
    make_user("government")
    client = signed_in("government")
    response = client.post("/accounts/password/", {
        "old_password": "not my password", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert not AuditEvent.objects.exists()
    assert signed_in("government").get("/account/notifications/").status_code == 200


@pytest.mark.django_db
def test_a_password_set_from_a_reset_link_is_audited(make_user):
    user = make_user("government")
    link = (f"/accounts/password/reset/{urlsafe_base64_encode(force_bytes(user.pk))}/"
            f"{default_token_generator.make_token(user)}/")
    visitor = Client()
    form = visitor.get(link, follow=True)
    done = visitor.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                     "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    [event] = AuditEvent.objects.filter(action="account.password_reset")
    assert event.actor == user and "government" in event.summary
    signed_in("government", NEW_PASSWORD)


@pytest.mark.django_db
def test_a_used_backup_code_is_audited_with_the_codes_left(make_user, settings):
    settings.MFA_REQUIRED = True
    user = make_user("government")
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup codes")
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code)
                                    for code in ("a1b2c3d4e5", "f6a7b8c9d0"))
    client = signed_in("government")
    assert client.get("/account/notifications/").status_code == 302  # the code comes first
    assert client.post("/accounts/second-factor/", {"token": "a1b2c3d4e5"}).status_code == 302
    assert client.get("/account/notifications/").status_code == 200
    [event] = AuditEvent.objects.filter(action="second_factor.backup_code_used")
    assert event.actor == user and event.summary == "backup code used by government, 1 left"
    assert "a1b2c3d4e5" not in event.summary
    # A wrong code is refused and writes no audit row.
    again = signed_in("government")
    assert again.post("/accounts/second-factor/", {"token": "a1b2c3d4e5"}).status_code == 200
    assert AuditEvent.objects.filter(action="second_factor.backup_code_used").count() == 1
