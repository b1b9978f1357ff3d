"""The page where a person chooses what the portal tells them, and how."""

import pytest
from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_choices_are_saved_and_shown_again(people):
    client = signed_in(people.finance2)
    page = client.get("/account/notifications/").content.decode()
    assert "Mail goes to finance2@example.org" in page
    response = client.post("/account/notifications/", {
        "revision_proposed": "digest", "revision_decided": "off", "report_issued": "immediate",
        "report_answered": "immediate", "notice_recorded": "immediate", "reminders": "off"})
    assert response.status_code == 302
    people.finance2.refresh_from_db()
    assert people.finance2.notification_preferences == {
        "revision_proposed": "digest", "revision_decided": "off", "report_issued": "immediate",
        "report_answered": "immediate", "notice_recorded": "immediate", "reminders": "off"}
    page = client.get("/account/notifications/").content.decode()
    assert '<option value="digest" selected>' in page


@pytest.mark.django_db
def test_a_choice_not_offered_is_refused_and_nothing_saved(people):
    client = signed_in(people.finance2)
    response = client.post("/account/notifications/", {
        "revision_proposed": "hourly", "revision_decided": "off", "report_issued": "immediate",
        "report_answered": "immediate", "notice_recorded": "immediate", "reminders": "digest"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    people.finance2.refresh_from_db()
    assert people.finance2.notification_preferences == {}


@pytest.mark.django_db
def test_a_person_without_an_address_is_told_so(people):
    people.finance2.email = ""
    people.finance2.save()
    page = signed_in(people.finance2).get("/account/notifications/").content.decode()
    assert "Your account has no e-mail address" in page


@pytest.mark.django_db
def test_the_page_needs_a_sign_in(people):
    response = Client().get("/account/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
