"""Registering, listing and removing a fund's webhooks through the API: who may, which
addresses and events are refused (400 field by field, nothing written), another fund's
people 404, wrong methods 405, an audit row for each act (docs/webhooks.md)."""

import pytest
from rest_framework.test import APIClient

from agreements.models import Membership
from audit.models import AuditEvent
from tests.webhooks.conftest import BASE
from webhooks.models import Subscription

Role = Membership.Role
PUBLIC = "https://203.0.113.7/hooks"  # a documentation address: refused in production
RECEIVER = "https://93.184.216.34/trustfund/hooks"  # public; nothing is sent in these tests


def nothing_written() -> bool:
    return not Subscription.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="webhook.").exists()


@pytest.mark.django_db
def test_a_finance_officer_registers_a_webhook_and_sees_its_secret_once(client_as):
    finance = client_as("finance1", Role.DESA_FINANCE)
    body = {"url": RECEIVER, "events": ["entries.posted", "report.issued"]}
    created = finance.post(f"{BASE}/webhooks/", body, format="json",
                           HTTP_IDEMPOTENCY_KEY="hook-1")
    assert created.status_code == 201
    answer = created.json()
    assert answer["secret"].startswith("whsec_") and len(answer["secret"]) > 40
    assert (answer["url"], answer["events"], answer["active"], answer["created_by"]) == (
        RECEIVER, ["entries.posted", "report.issued"], True, "finance1")
    # The same request retried with its key: the first answer, nothing written again.
    again = finance.post(f"{BASE}/webhooks/", body, format="json",
                         HTTP_IDEMPOTENCY_KEY="hook-1")
    assert again.json() == answer and again["Idempotent-Replayed"] == "true"
    assert Subscription.objects.count() == 1
    # Never shown again.
    listed = finance.get(f"{BASE}/webhooks/").json()
    assert [row["id"] for row in listed] == [answer["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in finance.get(f"{BASE}/webhooks/{answer['id']}/").json()
    event = AuditEvent.objects.get(action="webhook.registered")
    assert event.agreement.slug == "int-14-x46-a" and event.actor.username == "finance1"
    assert RECEIVER in event.summary and "secret" not in str(event.details)


@pytest.mark.django_db
def test_removing_a_webhook_keeps_it_listed_as_removed_with_an_audit_row(client_as):
    finance = client_as("finance1", Role.DESA_FINANCE)
    made = finance.post(f"{BASE}/webhooks/", {"url": RECEIVER, "events": ["entries.posted"]},
                        format="json").json()
    removed = finance.delete(f"{BASE}/webhooks/{made['id']}/")
    assert removed.status_code == 200
    assert removed.json()["active"] is False and removed.json()["deactivated_at"]
    # Removing it again changes nothing and records nothing more.
    assert finance.delete(f"{BASE}/webhooks/{made['id']}/").status_code == 200
    assert AuditEvent.objects.filter(action="webhook.removed").count() == 1
    assert [row["active"] for row in finance.get(f"{BASE}/webhooks/").json()] == [False]


@pytest.mark.django_db
def test_a_programme_officer_who_administers_the_fund_may_register_others_may_not(
        client_as):
    administrator = client_as("programme1", Role.DESA_PROGRAMME, administers=True)
    assert administrator.post(f"{BASE}/webhooks/", {
        "url": RECEIVER, "events": ["notice.recorded"]}, format="json").status_code == 201
    programme = client_as("programme2", Role.DESA_PROGRAMME)
    assert programme.get(f"{BASE}/webhooks/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.GOVERNMENT, Role.AUDITOR])
def test_government_officers_and_auditors_are_refused(client_as, role):
    client = client_as("someone", role)
    body = {"url": RECEIVER, "events": ["entries.posted"]}
    assert client.post(f"{BASE}/webhooks/", body, format="json").status_code == 403
    assert client.get(f"{BASE}/webhooks/").status_code == 403
    assert nothing_written()


@pytest.mark.django_db
def test_another_funds_officer_gets_404_and_writes_nothing(client_as, second_fund, make_user):
    finance = client_as("finance1", Role.DESA_FINANCE)
    ours = finance.post(f"{BASE}/webhooks/", {"url": RECEIVER, "events": ["entries.posted"]},
                        format="json").json()
    stranger = APIClient()
    stranger.force_authenticate(make_user("ruritania", agreement=second_fund.agreement,
                                          role=Role.DESA_FINANCE))
    body = {"url": "https://93.184.216.35/x", "events": ["entries.posted"]}
    assert stranger.post(f"{BASE}/webhooks/", body, format="json").status_code == 404
    for path in ["", f"{ours['id']}/", f"{ours['id']}/deliveries/"]:
        assert stranger.get(f"{BASE}/webhooks/{path}").status_code == 404
    assert stranger.delete(f"{BASE}/webhooks/{ours['id']}/").status_code == 404
    # Nor through their own fund's address.
    theirs = "/api/v1/funds/int-15-x01-a/webhooks"
    assert stranger.get(f"{theirs}/{ours['id']}/").status_code == 404
    assert stranger.delete(f"{theirs}/{ours['id']}/").status_code == 404
    assert list(Subscription.objects.values_list("pk", "active")) == [(ours["id"], True)]
    assert AuditEvent.objects.filter(action__startswith="webhook.").count() == 1


@pytest.mark.django_db
def test_wrong_methods_get_405(client_as):
    finance = client_as("finance1", Role.DESA_FINANCE)
    made = finance.post(f"{BASE}/webhooks/", {"url": RECEIVER, "events": ["entries.posted"]},
                        format="json").json()
    assert finance.put(f"{BASE}/webhooks/", {}, format="json").status_code == 405
    assert finance.delete(f"{BASE}/webhooks/").status_code == 405
    assert finance.post(f"{BASE}/webhooks/{made['id']}/", {}, format="json").status_code == 405
    assert finance.patch(f"{BASE}/webhooks/{made['id']}/", {}, format="json").status_code \
        == 405
    assert finance.post(f"{BASE}/webhooks/{made['id']}/deliveries/", {}).status_code == 405
    assert Subscription.objects.get().active


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "ftp://93.184.216.34/hooks",
    "javascript:alert(1)",
    "not a url",
    "http://",
    "https://93.184.216.34:99999/hooks",
    "https://user:password@93.184.216.34/hooks",
    # The portal itself: PORTAL_URL is https://localhost in the tests, and every name of
    # ALLOWED_HOSTS (tests/environment.py) is the portal too.
    "https://localhost/api/v1/funds/",
    "http://LOCALHOST.:8000/hooks",
    "https://testserver/hooks",
])
def test_an_address_outside_http_or_at_the_portal_is_refused(client_as, url):
    finance = client_as("finance1", Role.DESA_FINANCE)
    refused = finance.post(f"{BASE}/webhooks/", {"url": url, "events": ["entries.posted"]},
                           format="json")
    assert refused.status_code == 400
    assert list(refused.json()["fields"]) == ["url"]
    assert nothing_written()


@pytest.mark.django_db
def test_the_portals_public_host_is_refused_on_any_port(client_as, settings):
    settings.PORTAL_URL = "https://trustfund.example.org"
    finance = client_as("finance1", Role.DESA_FINANCE)
    for url in ["https://trustfund.example.org/hooks", "http://TrustFund.example.org:8443/x"]:
        refused = finance.post(f"{BASE}/webhooks/", {"url": url, "events": ["report.issued"]},
                               format="json")
        assert refused.status_code == 400 and "portal" in refused.json()["fields"]["url"][0]
    assert nothing_written()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hooks", "http://10.1.2.3/hooks", "http://[::1]:9000/",
    "http://169.254.169.254/latest/meta-data/", "http://localhost:9000/hooks",
    "http://0.0.0.0/", "http://intranet/hooks", PUBLIC, "http://[::ffff:192.168.1.1]/",
])
def test_in_production_loopback_and_private_addresses_are_refused(client_as, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    finance = client_as("finance1", Role.DESA_FINANCE)
    refused = finance.post(f"{BASE}/webhooks/", {"url": url, "events": ["entries.posted"]},
                           format="json")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["url"]
    assert nothing_written()
    accepted = finance.post(f"{BASE}/webhooks/", {"url": RECEIVER,
                                                  "events": ["entries.posted"]}, format="json")
    assert accepted.status_code == 201


@pytest.mark.django_db
def test_unknown_or_no_events_are_refused_field_by_field(client_as):
    finance = client_as("finance1", Role.DESA_FINANCE)
    unknown = finance.post(f"{BASE}/webhooks/", {"url": "ftp://x", "events": [
        "entries.posted", "entries.deleted"]}, format="json")
    assert unknown.status_code == 400
    fields = unknown.json()["fields"]
    assert sorted(fields) == ["events", "url"] and "entries.deleted" in fields["events"][0]
    for body in [{"url": RECEIVER, "events": []}, {"url": RECEIVER},
                 {"url": RECEIVER, "events": "entries.posted"}, {"events": ["report.issued"]}]:
        assert finance.post(f"{BASE}/webhooks/", body, format="json").status_code == 400
    assert nothing_written()
