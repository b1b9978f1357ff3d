"""Under concurrent posting, on PostgreSQL: a syncing client gets every entry exactly once,
and twenty retries of one POST write one entry."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from agreements.models import Membership
from budget.models import Entry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
BASE = "/api/v1/funds/int-14-x46-a"


def client_with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_client_syncing_by_sequence_sees_every_entry_exactly_once(funded, token_for):
    _user, token = token_for("finance1", funded.agreement, Membership.Role.DESA_FINANCE)
    errors = []

    def poster() -> None:
        client = client_with(token)
        try:
            for i in range(15):
                response = client.post(f"{BASE}/expenditures/", {
                    "line": "3201", "amount": "10.00", "value_date": "2014-09-01",
                    "reference": f"{threading.get_ident()}-{i}"}, format="json")
                if response.status_code != 201:
                    errors.append(response.status_code)
        finally:
            connections.close_all()

    posters = [threading.Thread(target=poster) for _ in range(4)]
    for thread in posters:
        thread.start()
    seen, after, reader = [], 0, client_with(token)
    while True:
        done = not any(thread.is_alive() for thread in posters)
        page = reader.get(f"{BASE}/entries/", {"after": after, "page_size": 7}).json()
        for entry in page["results"]:
            seen.append(entry["sequence"])
            after = entry["sequence"]
        if done and not page["results"]:
            break
    for thread in posters:
        thread.join()
    assert errors == []
    # 1 contribution + 4 posters x 15 expenditures, each with its PSC entry.
    assert seen == list(range(1, 1 + 4 * 15 * 2 + 1))
    assert len(seen) == len(set(seen)) == Entry.objects.count()


def test_twenty_concurrent_retries_of_one_post_write_one_entry(funded, token_for):
    _user, token = token_for("finance1", funded.agreement, Membership.Role.DESA_FINANCE)
    start, statuses, bodies = threading.Barrier(20), [], []

    def retry() -> None:
        client = client_with(token)
        try:
            start.wait()
            response = client.post(f"{BASE}/commitments/", {
                "line": "5201", "amount": "1500.00", "value_date": "2014-09-01"},
                format="json", HTTP_IDEMPOTENCY_KEY="po-2014-5201-001")
            statuses.append(response.status_code)
            bodies.append(response.json()["sequence"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 20
    assert set(bodies) == {2}
    assert Entry.objects.filter(kind="commitment").count() == 1
