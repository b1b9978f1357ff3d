"""Art. 8: a request for arbitration, the 30 days for each party's arbitrator and the 15 days
for the chair, shown on the agreement's timeline only when a request exists."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.actions import record_arbitration_appointment, record_arbitration_request
from agreements.disputes import arbitrators_due, chair_due
from agreements.models import ArbitrationRequest, Membership, Party

TODAY = date(2026, 11, 25)


def test_the_deadlines_of_article_8():
    # Requested on 10 March 2016: arbitrators by 9 April 2016 (21 days of March + 9).
    assert arbitrators_due(date(2016, 3, 10)) == date(2016, 4, 9)
    # Arbitrators appointed on 1 and 5 April: the chair by 20 April (15 days after the second).
    assert chair_due(date(2016, 4, 1), date(2016, 4, 5)) == date(2016, 4, 20)
    assert chair_due(date(2016, 4, 1), None) is None


@pytest.mark.django_db
def test_the_timeline_shows_the_deadlines_only_once_a_request_is_recorded(client, seed,
                                                                          make_user):
    officer = make_user("government", agreement=seed, role=Membership.Role.GOVERNMENT)
    client.force_login(officer)
    url = reverse("agreements:agreement", args=[seed.slug])
    assert "Deadline:" not in client.get(url).content.decode()
    response = client.post(reverse("agreements:arbitration_request", args=[seed.slug]), {
        "requested_by": Party.objects.get(kind="government").pk, "requested_on": "2016-03-10",
        "subject": "Interpretation of Art. 10", "reference": "NV-16-4"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "9 April 2016" in page and "each party appoints its arbitrator" in page
    dispute = ArbitrationRequest.objects.get()
    for appointee, day in (("government", date(2016, 4, 1)),
                           ("united_nations", date(2016, 4, 5))):
        record_arbitration_appointment(request=dispute, appointee=appointee, appointed_on=day,
                                       acting_user=officer, today=TODAY)
    page = client.get(url).content.decode()
    assert "20 April 2016" in page and "appoint the chair" in page
    assert "9 April 2016" not in page


@pytest.mark.django_db
def test_bad_requests_and_appointments_are_refused_and_write_nothing(seed, make_user):
    officer = make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    auditor = make_user("auditor", agreement=seed, role=Membership.Role.AUDITOR)
    desa = Party.objects.get(kind="united_nations")
    with pytest.raises(ValidationError, match="Only officers of the parties"):
        record_arbitration_request(agreement=seed, requested_by=desa,
                                   requested_on=date(2016, 3, 10), subject="x",
                                   acting_user=auditor, today=TODAY)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        record_arbitration_request(agreement=seed, requested_by=desa,
                                   requested_on=date(2027, 1, 1), subject="x",
                                   acting_user=officer, today=TODAY)
    assert ArbitrationRequest.objects.count() == 0
    dispute = record_arbitration_request(agreement=seed, requested_by=desa,
                                         requested_on=date(2016, 3, 10), subject="Art. 10",
                                         acting_user=officer, today=TODAY)
    with pytest.raises(ValidationError, match="once both are appointed"):
        record_arbitration_appointment(request=dispute, appointee="chair",
                                       appointed_on=date(2016, 4, 2), acting_user=officer,
                                       today=TODAY)
    with pytest.raises(ValidationError, match="cannot be before 2016-03-10"):
        record_arbitration_appointment(request=dispute, appointee="government",
                                       appointed_on=date(2016, 3, 1), acting_user=officer,
                                       today=TODAY)
    dispute.refresh_from_db()
    assert dispute.government_arbitrator_on is None and dispute.chair_on is None
