"""Documents attached to a ledger entry or a budget revision: the contract, invoice or travel
authorisation behind it (docs/documents.md).

A document is kept as recorded: its file, name, size and SHA-256 never change, and its row is
never deleted. While the year of its entry (the value date) or revision (the date it takes
effect) is open, it may be *removed*: marked so, once, with who, when and why; the file stays
on the record. Once that year is closed it cannot be removed at all. The actions check this;
on PostgreSQL triggers refuse any other UPDATE and every DELETE too (migration 0001).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budget.models import Entry, Fund, Revision

# What may be attached, by extension; each is checked by its content too
# (agreements.attachments).
ALLOWED = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DocumentKeptError(Exception):
    pass


class DocumentQuerySet(models.QuerySet):
    def delete(self):
        raise DocumentKeptError("Documents are never deleted; a removal is recorded instead.")


class Document(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract")
        INVOICE = "invoice", _("Invoice")
        TRAVEL_AUTHORISATION = "travel_authorisation", _("Travel authorisation")
        OTHER = "other", _("Other document")

    # Every query is keyed by the fund first (the indexes below).
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="documents",
                             verbose_name=_("fund"))
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="documents", db_index=False,
                              verbose_name=_("ledger entry"))
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="documents", db_index=False,
                                 verbose_name=_("budget revision"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The name the file had on the uploader's computer: given back on download, never used
    # to store it.
    name = models.CharField(_("file name"), max_length=255)
    # Stored as documents/<fund id>/<sha256>: the path says nothing of the name or content.
    file = models.FileField(_("file"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("removed by"))
    removal_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False, revision__isnull=True)
                | Q(entry__isnull=True, revision__isnull=False),
                name="document_on_entry_or_revision"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True, removed_by__isnull=True,
                            removal_reason="")
                | (Q(removed_at__isnull=False) & ~Q(removal_reason="")),
                name="document_removal_has_reason"),
            # The same file is attached once to an entry or revision (again after a removal).
            models.UniqueConstraint(fields=["entry", "sha256"],
                                    condition=Q(removed_at__isnull=True),
                                    name="document_once_per_entry"),
            models.UniqueConstraint(fields=["revision", "sha256"],
                                    condition=Q(removed_at__isnull=True),
                                    name="document_once_per_revision"),
        ]
        indexes = [models.Index(fields=["fund", "entry"], name="document_fund_entry"),
                   models.Index(fields=["fund", "revision"], name="document_fund_revision")]

    def __str__(self) -> str:
        return f"{self.fund} {self.get_kind_display()} {self.name}"

    def delete(self, *args, **kwargs):
        raise DocumentKeptError("Documents are never deleted; a removal is recorded instead.")

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")

    @property
    def year(self) -> int:
        """The year the document belongs to: its entry's value date, or the date its revision
        takes effect."""
        if self.entry_id is not None:
            return self.entry.value_date.year
        return self.revision.effective_on.year
