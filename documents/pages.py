"""What an entry's or a revision's page shows of its documents, and who may add or remove
them there (docs/documents.md#who)."""

from django.urls import reverse

from agreements.access import Capability
from budget.models import ClosedYear, Entry, Revision
from documents.actions import CHARGES
from documents.forms import DocumentForm
from documents.models import Document
from web.access import FundAccess


def attaching_capability(document: Document) -> Capability:
    """Who may attach or remove a document: those who post to the ledger for an entry's,
    those who propose revisions for a revision's."""
    return (Capability.POST_LEDGER if document.entry_id is not None
            else Capability.PROPOSE_REVISION)


def documents_context(page: FundAccess, *, entry: Entry | None = None,
                      revision: Revision | None = None,
                      form: DocumentForm | None = None) -> dict:
    """The documents of one entry or one revision (removed ones too, marked), and for those
    who may attach: the form, and whether removal is still possible (its year is open)."""
    if entry is not None:
        capability, year = Capability.POST_LEDGER, entry.value_date.year
        attach_url = reverse("budget:entry", args=[page.agreement.slug, entry.sequence])
    else:
        capability, year = Capability.PROPOSE_REVISION, revision.effective_on.year
        attach_url = reverse("budget:documents:revision_attach",
                             args=[page.agreement.slug, revision.pk])
    documents = Document.objects.filter(fund=page.fund, entry=entry, revision=revision
                                        ).select_related("uploaded_by", "removed_by")
    may_attach = page.can(capability) and not (entry is not None and entry.kind in CHARGES)
    # The closed year is asked only of those who could remove.
    year_open = may_attach and not ClosedYear.objects.filter(fund=page.fund,
                                                             year=year).exists()
    return {"documents": documents, "may_attach": may_attach, "may_remove": year_open,
            # A refused form is shown with its reason, whoever sent it.
            "document_form": form or (DocumentForm() if may_attach else None),
            "attach_url": attach_url, "documents_year": year}
