"""A forgotten password: the link arrives by mail (a real SMTP server and worker), in the
person's language, sets a new password once; used again, it is refused."""

import re

import pytest
from django.test import Client

from tests.mail_server import MailServer, text_of
from tests.worker import run_queued_tasks

NEW_PASSWORD = "Caspian shore in autumn 2015"


@pytest.mark.django_db(transaction=True)
def test_a_reset_link_sets_a_new_password_once(make_user):
    user = make_user("government")
    user.email, user.preferred_language = "gov@example.org", "kk"
    user.save()
    response = Client().post("/accounts/password/reset/", {"email": "GOV@example.org"})
    assert response.status_code == 302
    # An unknown address gets the same answer and no mail.
    Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    with MailServer() as server:
        run_queued_tasks(EMAIL_URL=server.url)
    [mail] = server.mailbox.messages
    assert mail["To"] == "gov@example.org" and mail["Content-Language"] == "kk"
    link = re.search(r"https://localhost(/accounts/password/reset/\S+/)", text_of(mail)).group(1)
    visitor = Client()
    form = visitor.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = visitor.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    reused = Client().get(link, follow=True)
    assert reused.context["validlink"] is False
    assert "This link is no longer valid" in reused.content.decode()
