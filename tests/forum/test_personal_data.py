"""Passport numbers and dates of birth are seen only by those who organise the forum."""

import logging

import pytest
from django.urls import reverse

from agreements.models import Membership
from forum.models import Participant

Role = Membership.Role


def pages(forum, participant):
    slug = forum.fund.agreement.slug
    return [reverse("forum:participants", args=[slug]),
            reverse("forum:participant", args=[slug, participant.pk]),
            reverse("forum:participants_csv", args=[slug])]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "sees"), [
    (Role.DESA_PROGRAMME, True), (Role.GOVERNMENT, True),
    (Role.AUDITOR, False), (Role.DESA_FINANCE, False),
])
def test_personal_data_by_role(client, forum, make_user, role, sees):
    participant = Participant.objects.get(name="Kwame Mensah")
    assert participant.passport_number
    client.force_login(make_user("someone", agreement=forum.fund.agreement, role=role))
    for url in pages(forum, participant):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert (participant.passport_number in body) is sees, url
        assert (participant.date_of_birth.isoformat() in body) is sees, url


@pytest.mark.django_db
def test_personal_data_is_not_in_the_change_history_or_the_logs(client, forum, make_user,
                                                                caplog):
    participant = Participant.objects.get(name="Kwame Mensah")
    history = participant.history.first()
    assert not hasattr(history, "passport_number")
    client.force_login(make_user("someone", agreement=forum.fund.agreement,
                                 role=Role.GOVERNMENT))
    with caplog.at_level(logging.DEBUG):
        for url in pages(forum, participant):
            client.get(url)
    assert participant.passport_number not in caplog.text
