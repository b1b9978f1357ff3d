"""Publication is opt-in per fund: the fund's administrators choose it on their page, with
an audit row; until then its factsheet and IATI file answer 404."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from agreements.actions import grant_membership
from agreements.models import Agreement, Membership
from audit.models import AuditEvent
from publication.actions import set_publication
from publication.models import Publication

Role = Membership.Role
PAGE = "/funds/int-14-x46-a/publication/"
FACTSHEET = "/public/funds/int-14-x46-a/"
IATI = "/public/funds/int-14-x46-a/iati-activity.xml"
CHOICE = {"publish_factsheet": "on", "publish_iati": "on", "funding_org_ref": ""}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def administrator(seed, make_user):
    user = make_user("finance1")
    grant_membership(agreement=seed, user=user, role=Role.DESA_FINANCE, administers=True,
                     acting_user=None)
    return user


@pytest.mark.django_db
def test_a_fund_that_did_not_opt_in_answers_404_for_its_factsheet_and_iati_file(seed):
    anonymous = Client()
    assert anonymous.get(FACTSHEET).status_code == 404
    assert anonymous.get(IATI).status_code == 404
    # Chosen and then withdrawn: 404 again, at once.
    set_publication(fund=seed.fund, publish_iati=True, publish_factsheet=True,
                    acting_user=None)
    assert anonymous.get(IATI).status_code == 200
    set_publication(fund=seed.fund, publish_iati=False, publish_factsheet=False,
                    acting_user=None)
    assert anonymous.get(FACTSHEET).status_code == 404
    assert anonymous.get(IATI).status_code == 404


@pytest.mark.django_db
def test_each_publication_is_chosen_apart(seed):
    set_publication(fund=seed.fund, publish_iati=False, publish_factsheet=True,
                    acting_user=None)
    anonymous = Client()
    assert anonymous.get(FACTSHEET).status_code == 200
    assert anonymous.get(IATI).status_code == 404
    assert anonymous.get("/public/funds/no-such-fund/").status_code == 404


@pytest.mark.django_db
def test_the_administrator_publishes_the_fund_with_an_audit_row(seed, administrator):
    client = _signed_in(administrator)
    assert client.get(PAGE).status_code == 200
    response = client.post(PAGE, {**CHOICE, "funding_org_ref": "KZ-BIN-000000000001"})
    assert response.status_code == 302
    publication = Publication.objects.get(fund=seed.fund)
    assert (publication.publish_iati, publication.publish_factsheet,
            publication.funding_org_ref, publication.changed_by) == (
        True, True, "KZ-BIN-000000000001", administrator)
    event = AuditEvent.objects.get(action="publication.changed")
    assert (event.actor, event.agreement) == (administrator, seed)
    assert event.details["before"]["iati"] is False and event.details["after"]["iati"] is True
    assert publication.history.count() == 1
    assert Client().get(FACTSHEET).status_code == 200
    assert b'ref="KZ-BIN-000000000001"' in Client().get(IATI).content
    # The audit trail names the act.
    trail = client.get("/funds/int-14-x46-a/audit/")
    assert "Publication of the fund changed" in trail.content.decode()


@pytest.mark.django_db
def test_a_government_officer_may_not_publish_the_fund(seed, make_user):
    officer = make_user("government", agreement=seed, role=Role.GOVERNMENT)
    client = _signed_in(officer)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, CHOICE).status_code == 403
    assert not Publication.objects.exists()
    assert not AuditEvent.objects.filter(action="publication.changed").exists()


@pytest.mark.django_db
def test_another_funds_administrator_gets_404(seed, make_user):
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=seed.signed_on)
    stranger = make_user("stranger")
    grant_membership(agreement=other, user=stranger, role=Role.DESA_FINANCE,
                     administers=True, acting_user=None)
    assert _signed_in(stranger).post(PAGE, CHOICE).status_code == 404
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_the_page_takes_get_and_post_only(seed, administrator):
    client = _signed_in(administrator)
    assert client.put(PAGE, CHOICE).status_code == 405
    assert client.delete(PAGE).status_code == 405
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_bad_identifier_is_refused_on_its_field_and_nothing_is_written(seed, administrator):
    response = _signed_in(administrator).post(PAGE, {**CHOICE,
                                                     "funding_org_ref": "KZ <script>"})
    assert response.status_code == 200
    assert "letters, digits" in response.content.decode()
    assert not Publication.objects.exists()
    assert not AuditEvent.objects.filter(action="publication.changed").exists()


@pytest.mark.django_db
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_for_the_page(seed):
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert get_user_model().objects.count() == 1  # the loader only


@pytest.mark.django_db
def test_the_command_publishes_a_fund_as_the_user_it_names(seed, loader):
    from django.core.management import CommandError, call_command

    call_command("publish_fund", "INT/14/X46/A", "--factsheet", "on", "--user", "loader",
                 verbosity=0)
    publication = Publication.objects.get(fund=seed.fund)
    assert (publication.publish_factsheet, publication.publish_iati) == (True, False)
    assert AuditEvent.objects.get(action="publication.changed").actor == loader
    with pytest.raises(CommandError):
        call_command("publish_fund", "INT/14/X46/A", "--funding-org-ref", "a b",
                     "--user", "loader", verbosity=0)
    with pytest.raises(CommandError):
        call_command("publish_fund", "NO/SUCH", "--iati", "on", "--user", "loader")
    assert AuditEvent.objects.filter(action="publication.changed").count() == 1
