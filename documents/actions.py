"""Attaching a document to a ledger entry or a budget revision, and removing one while its
year is open (docs/documents.md). One transaction each, with an audit row in the fund's
trail."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.attachments import check_attachment
from agreements.irreversible import require_confirmation
from audit.actions import record_event
from budget.models import ClosedYear, Entry, Fund, Revision
from budget.posting.controls import lock_fund
from documents.models import ALLOWED, Document

# The system's own charges carry no papers: theirs are the expenditure's that caused them.
CHARGES = (Entry.Kind.RESERVE, Entry.Kind.PSC)


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _subject(entry: Entry | None, revision: Revision | None) -> str:
    if entry is not None:
        return _("entry #%(sequence)s") % {"sequence": entry.sequence}
    return _("budget revision #%(number)s") % {"number": revision.pk}


def _recorded_as(entry: Entry | None, revision: Revision | None) -> str:
    """The subject as the audit row stores it, in no reader's language (like its other
    summaries)."""
    return f"entry #{entry.sequence}" if entry is not None else f"revision #{revision.pk}"


def _stored(fund: Fund, digest: str, upload: UploadedFile) -> str:
    """Where the file is kept: documents/<fund>/<sha256>, a name that says nothing of the
    file. The same content in the same fund is stored once."""
    storage = Document._meta.get_field("file").storage
    name = f"documents/{fund.pk}/{digest}"
    if storage.exists(name) and storage.size(name) == upload.size:
        return name
    upload.seek(0)
    return storage.save(name, upload)


@transaction.atomic
def attach_document(*, fund: Fund, upload: UploadedFile, kind: str,
                    acting_user: AbstractBaseUser | None, entry: Entry | None = None,
                    revision: Revision | None = None) -> Document:
    """Attach a file (PDF, PNG, JPEG, DOCX or XLSX of at most 10 MB, checked by its content)
    to one entry or one revision of the fund; it is stored with its SHA-256."""
    if (entry is None) == (revision is None):
        raise ValueError("A document is attached to an entry or to a revision.")
    if (entry or revision).fund_id != fund.pk:
        raise ValueError("The entry or revision belongs to another fund.")
    if entry is not None and entry.kind in CHARGES:
        raise ValidationError(_(
            "Entry #%(sequence)s is a charge the system computes; attach the documents to "
            "the entry that caused it, #%(cause)s.")
            % {"sequence": entry.sequence, "cause": entry.caused_by.sequence})
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    try:
        check_attachment(upload, allowed=ALLOWED)
    except ValidationError as refused:
        raise ValidationError({"upload": refused.messages}) from None
    digest = sha256_of(upload)
    if Document.objects.filter(fund=fund, entry=entry, revision=revision, sha256=digest,
                               removed_at=None).exists():
        raise _attached_twice(entry, revision, digest)
    document = Document(
        fund=fund, entry=entry, revision=revision, kind=kind, name=upload.name[:255],
        file=_stored(fund, digest, upload), size=upload.size, sha256=digest,
        uploaded_by=attributable(acting_user))
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        raise _attached_twice(entry, revision, digest) from None  # by someone else, just now
    record_event(
        action="document.attached", acting_user=acting_user, agreement=fund.agreement,
        summary=f"{document.name} ({kind}) on {_recorded_as(entry, revision)} · SHA-256 "
                f"{digest}",
        details={"document": document.pk, "entry": entry.sequence if entry else None,
                 "revision": revision.pk if revision else None, "kind": kind,
                 "name": document.name, "size": document.size, "sha256": digest})
    return document


def _attached_twice(entry: Entry | None, revision: Revision | None,
                    digest: str) -> ValidationError:
    return ValidationError({"upload": _(
        "This file (SHA-256 %(sha256)s) is already attached to %(subject)s.")
        % {"sha256": digest, "subject": _subject(entry, revision)}})


@transaction.atomic
def remove_document(*, document: Document, reason: str, acting_user: AbstractBaseUser | None,
                    confirmed: bool = False) -> Document:
    """Mark a document removed: it no longer supports its entry or revision, and stays on the
    record with its file. Refused once its year is closed (docs/documents.md#removal)."""
    fund = document.fund
    lock_fund(fund)  # a year closing meanwhile waits for this, or this for it
    document = Document.objects.select_for_update(of=("self",)).select_related(
        "entry", "revision").get(pk=document.pk)
    subject = _subject(document.entry, document.revision)
    if document.removed_at is not None:
        raise ValidationError(_("%(name)s was already removed from %(subject)s.")
                              % {"name": document.name, "subject": subject})
    if ClosedYear.objects.filter(fund=fund, year=document.year).exists():
        raise ValidationError(_(
            "%(year)s is closed: the documents of %(subject)s are kept as they are.")
            % {"year": document.year, "subject": subject})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the document is removed.")})
    require_confirmation(confirmed, _(
        "Removing %(name)s from %(subject)s cannot be undone: it no longer counts as one of "
        "its documents, and stays on the record, with its file, marked removed.")
        % {"name": document.name, "subject": subject})
    document.removed_at = timezone.now()
    document.removed_by = attributable(acting_user)
    document.removal_reason = reason[:300]
    document.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    record_event(
        action="document.removed", acting_user=acting_user, agreement=fund.agreement,
        summary=f"{document.name} removed from "
                f"{_recorded_as(document.entry, document.revision)}: {document.removal_reason}",
        details={"document": document.pk, "sha256": document.sha256,
                 "reason": document.removal_reason})
    return document

