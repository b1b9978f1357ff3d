"""A document is never deleted and never changed but for its removal, once, while its year
is open: the model refuses, and on PostgreSQL so does the database, whoever sends the SQL
(docs/documents.md#kept-as-recorded)."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from budget.posting import close_year
from documents.actions import attach_document
from documents.models import Document, DocumentKeptError
from tests.entry_documents.conftest import invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached(payment, finance) -> Document:
    return attach_document(fund=payment.fund, entry=payment, upload=invoice(), kind="invoice",
                           acting_user=finance)


def refused(sql: str, params: list) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(error.value)


def accepted(sql: str, params: list) -> int:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def test_the_model_refuses_to_delete_a_document(attached):
    with pytest.raises(DocumentKeptError):
        attached.delete()
    with pytest.raises(DocumentKeptError):
        Document.objects.all().delete()
    assert Document.objects.count() == 1


def test_the_database_refuses_to_delete_or_rewrite_a_document(attached):
    assert "documents_document is kept as recorded: DELETE refused" in refused(
        "DELETE FROM documents_document WHERE id = %s", [attached.pk])
    assert "only removed_at, removed_by_id, removal_reason may be filled in" in refused(
        "UPDATE documents_document SET sha256 = %s WHERE id = %s", ["0" * 64, attached.pk])
    assert "only removed_at" in refused(
        "UPDATE documents_document SET name = 'other.pdf' WHERE id = %s", [attached.pk])


def test_the_database_records_a_removal_once_and_only_in_an_open_year(attached, finance):
    assert accepted("UPDATE documents_document SET removed_at = now(), removal_reason = "
                    "'Wrong file' WHERE id = %s", [attached.pk]) == 1
    assert "removal_reason is already recorded" in refused(
        "UPDATE documents_document SET removal_reason = 'Rewritten' WHERE id = %s",
        [attached.pk])
    again = attach_document(fund=attached.fund, entry=attached.entry, upload=invoice(),
                            kind="invoice", acting_user=finance)
    close_year(fund=attached.fund, year=2014, acting_user=finance, today=date(2015, 1, 5),
               confirmed=True)
    assert "2014 is closed, the document is kept" in refused(
        "UPDATE documents_document SET removed_at = now(), removal_reason = 'Late' "
        "WHERE id = %s", [again.pk])


def test_a_document_is_on_an_entry_or_a_revision_never_both_nor_neither(attached):
    message = refused("INSERT INTO documents_document (fund_id, kind, name, file, size, "
                      "sha256, uploaded_at, removal_reason) VALUES (%s, 'other', 'a.pdf', "
                      "'documents/x', 1, %s, now(), '')", [attached.fund_id, "1" * 64])
    assert "document_on_entry_or_revision" in message
