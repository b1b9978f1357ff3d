"""The Django admin for back-office entry applies the same notice rules as the pages."""

import pytest

from agreements.models import Membership, Notice, Party


@pytest.fixture
def admin_client(client, seed, make_user):
    client.force_login(make_user("root", superuser=True))
    return client


def admin_notice(seed, **changes) -> dict:
    form = {"agreement": seed.pk, "kind": "letter",
            "sender": Party.objects.get(kind="united_nations").pk,
            "recipient": Party.objects.get(kind="government").pk,
            "sent_on": "2014-11-03", "received_on": "2014-11-05", "delivery": "mail",
            "reference": "DESA/2014/88", "subject": "Exchange of letters on Annex B"}
    form.update(changes)
    return form


@pytest.mark.django_db
def test_admin_lists_agreements_notices_and_memberships(admin_client):
    for url in ["/admin/agreements/agreement/", "/admin/agreements/notice/",
                "/admin/agreements/membership/", "/admin/budget/fund/",
                "/admin/budget/budgetversion/"]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_admin_records_a_notice_through_the_same_rules(admin_client, seed):
    response = admin_client.post("/admin/agreements/notice/add/", admin_notice(seed))
    assert response.status_code == 302
    notice = Notice.objects.get(reference="DESA/2014/88")
    assert notice.recorded_by.username == "root"


@pytest.mark.django_db
def test_admin_refuses_a_second_entry_into_force_and_saves_nothing(admin_client, seed):
    before = Notice.objects.count()
    response = admin_client.post("/admin/agreements/notice/add/", admin_notice(
        seed, kind="domestic_procedures",
        sender=Party.objects.get(kind="government").pk,
        recipient=Party.objects.get(kind="united_nations").pk))
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_admin_membership_change_is_kept_in_history(admin_client, seed, make_user):
    user = make_user("aigerim")
    response = admin_client.post("/admin/agreements/membership/add/", {
        "user": user.pk, "agreement": seed.pk, "role": Membership.Role.GOVERNMENT})
    assert response.status_code == 302
    membership = Membership.objects.get(user=user)
    assert membership.history.first().history_user.username == "root"


@pytest.mark.django_db
def test_admin_change_of_a_membership_changes_the_role_not_the_member(admin_client, seed,
                                                                      make_user):
    user = make_user("aigerim", agreement=seed, role=Membership.Role.GOVERNMENT)
    membership = Membership.objects.get(user=user)
    response = admin_client.post(f"/admin/agreements/membership/{membership.pk}/change/",
                                 {"role": Membership.Role.AUDITOR})
    assert response.status_code == 302
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Membership.Role.AUDITOR]


@pytest.mark.django_db
def test_admin_is_for_administrators_only(client, seed, make_user):
    staff = make_user("finance1", agreement=seed, role=Membership.Role.DESA_FINANCE)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    response = client.get("/admin/agreements/notice/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
