"""Every write records who did it (docs/decisions/0009-funds-are-data.md): loads and imports
take --user and store it, API tokens and purges leave an audit row, the narrative keeps its
author and history."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from agreements.models import Agreement, Notice
from api.idempotency import purge_idempotency_keys
from api.models import IdempotencyKey
from api.tokens import create_api_token, revoke_api_token
from audit.models import AuditEvent
from budget.models import Entry, ExchangeRate, LedgerImport
from forum.models import Activity, Participant
from reports.narratives import save_narrative
from tests.conftest import SEED_DEFINITION, load_seed_files


@pytest.mark.django_db
def test_loads_and_imports_record_the_user_named_with_user(seed, loader):
    load_seed_files()
    agreement = Agreement.objects.get()
    assert agreement.history.earliest().history_user == loader
    assert {n.recorded_by for n in Notice.objects.all()} == {loader}
    assert {e.recorded_by for e in Entry.objects.all()} == {loader}
    assert LedgerImport.objects.get().imported_by == loader
    assert {r.recorded_by for r in ExchangeRate.objects.all()} == {loader}
    assert {a.history.earliest().history_user for a in Activity.objects.all()} == {loader}
    assert Participant.objects.first().history.earliest().history_user == loader


@pytest.mark.django_db
@pytest.mark.parametrize("arguments", [[], ["--user", "nobody"]])
def test_a_load_without_a_known_user_is_refused_and_writes_nothing(db, arguments):
    with pytest.raises((CommandError, SystemExit)):
        call_command("load_fund", str(SEED_DEFINITION), *arguments)
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_api_tokens_made_and_revoked_leave_audit_rows(make_user):
    owner = make_user("finance7")
    token, secret = create_api_token(owner=owner, days=30, acting_user=owner)
    assert token.token_key == secret[:len(token.token_key)]
    revoke_api_token(token=token, acting_user=owner)
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "actor__username"))
    assert events == [("api_token.created", "finance7"), ("api_token.revoked", "finance7")]


@pytest.mark.django_db
def test_purging_idempotency_keys_keeps_a_day_and_says_so(seed, make_user):
    owner = make_user("finance7")
    old = IdempotencyKey.objects.create(user=owner, key="old", fund=seed.fund, path="/",
                                        body_sha256="0" * 64, status_code=201, response={})
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=30))
    IdempotencyKey.objects.create(user=owner, key="new", fund=seed.fund, path="/",
                                  body_sha256="0" * 64, status_code=201, response={})
    # Asked for 1 hour, the purge still keeps the 24 hours clients are promised.
    assert purge_idempotency_keys(older_than=timedelta(hours=1), acting_user=None) == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.details["deleted"]) == (
        "idempotency_keys.purged", None, 1)


@pytest.mark.django_db
def test_the_narrative_keeps_its_author_and_history(seed, make_user):
    first, second = make_user("programme7"), make_user("programme8")
    save_narrative(fund=seed.fund, year=2014, summary="Forum held.", challenges="",
                   next_steps="", acting_user=first)
    narrative = save_narrative(fund=seed.fund, year=2014, summary="Forum held in Astana.",
                               challenges="Visas.", next_steps="", acting_user=second)
    assert narrative.updated_by == second
    assert [(h.summary, h.history_user) for h in narrative.history.order_by("history_id")] == [
        ("Forum held.", first), ("Forum held in Astana.", second)]
