"""Per-fund access: members see their funds with their role; others get 404."""

from datetime import date

import pytest
from django.urls import reverse

from agreements import access
from agreements.access import Capability
from agreements.models import Agreement, Membership, Party, Signatory

Role = Membership.Role


@pytest.fixture
def other_fund(db) -> Agreement:
    agreement = Agreement.objects.create(
        slug="int-15-x01-a", title="Another trust fund", reference="INT/15/X01/A",
        signed_on=date(2015, 3, 1), signed_at="Geneva",
    )
    for order, (name, kind) in enumerate([("Government of Ruritania", "government"),
                                          ("United Nations", "united_nations")]):
        party, _ = Party.objects.get_or_create(name=name, defaults={"short_name": name[:20],
                                                                    "kind": kind})
        Signatory.objects.create(agreement=agreement, party=party, representative_name="X",
                                 representative_title="Y", notice_address="Z", order=order)
    return agreement


def fund_pages(agreement: Agreement) -> list[str]:
    return [
        reverse("agreements:agreement", args=[agreement.slug]),
        reverse("agreements:text", args=[agreement.slug, "en"]),
        reverse("agreements:notice_create", args=[agreement.slug]),
        reverse("budget:overview", args=[agreement.slug]),
    ]


@pytest.mark.django_db
def test_government_officer_of_another_fund_gets_404_on_this_funds_pages(
        client, seed, other_fund, make_user):
    outsider = make_user("ruritania", agreement=other_fund, role=Role.GOVERNMENT)
    client.force_login(outsider)
    for url in fund_pages(seed):
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("agreements:fund_list")).content.decode()
    assert "INT/15/X01/A" in listing
    assert "INT/14/X46/A" not in listing


@pytest.mark.django_db
def test_member_sees_the_fund_with_the_role_held_there(client, seed, make_user):
    client.force_login(make_user("aigerim", agreement=seed, role=Role.GOVERNMENT))
    listing = client.get(reverse("agreements:fund_list")).content.decode()
    assert "INT/14/X46/A" in listing and "Government officer" in listing
    for url in fund_pages(seed):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_auditor_reads_the_agreement_but_may_not_record_a_notice(client, seed, make_user):
    client.force_login(make_user("auditor", agreement=seed, role=Role.AUDITOR))
    assert client.get(reverse("agreements:agreement", args=[seed.slug])).status_code == 200
    assert client.get(reverse("agreements:notice_create", args=[seed.slug])).status_code == 403


@pytest.mark.django_db
def test_superuser_sees_every_fund(seed, other_fund, make_user):
    admin = make_user("root", superuser=True)
    assert set(access.visible_agreements(admin)) == {seed, other_fund}
    assert access.can(admin, other_fund, Capability.POST_LEDGER)


@pytest.mark.django_db
def test_roles_hold_the_capabilities_of_their_work(seed, make_user):
    finance = make_user("f", agreement=seed, role=Role.DESA_FINANCE)
    programme = make_user("p", agreement=seed, role=Role.DESA_PROGRAMME)
    government = make_user("g", agreement=seed, role=Role.GOVERNMENT)
    auditor = make_user("a", agreement=seed, role=Role.AUDITOR)
    assert access.can(finance, seed, Capability.POST_LEDGER)
    assert not access.can(programme, seed, Capability.POST_LEDGER)
    assert access.can(programme, seed, Capability.VIEW_PERSONAL_DATA)
    assert access.can(government, seed, Capability.VIEW_PERSONAL_DATA)
    assert not access.can(auditor, seed, Capability.VIEW_PERSONAL_DATA)
    # Auditors read, download and read the audit trail (docs/audit-trail.md#who-sees-it).
    assert access.capabilities_of(auditor, seed) == {Capability.VIEW_FUND,
                                                     Capability.DOWNLOAD_REPORTS,
                                                     Capability.VIEW_AUDIT_TRAIL}
    assert not access.can(finance, seed, Capability.VIEW_AUDIT_TRAIL)
    assert not access.can(government, seed, Capability.VIEW_AUDIT_TRAIL)


@pytest.mark.django_db
def test_inactive_member_sees_nothing(seed, make_user):
    user = make_user("gone", agreement=seed, role=Role.DESA_FINANCE)
    user.is_active = False
    user.save()
    assert not access.visible_agreements(user).exists()


@pytest.mark.django_db
def test_every_page_needs_a_login(client, seed):
    for url in [reverse("agreements:fund_list"), *fund_pages(seed), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
