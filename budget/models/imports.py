"""A ledger file brought in from the import page: checked in the background, confirmed by a
finance officer, then imported by the background worker (budget.ledger_import.jobs)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budget.models.fund import Fund


class LedgerImportJob(models.Model):
    class Stage(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        REFUSED = "refused", _("Refused: nothing was imported")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Stopped by an error: nothing was imported")

    class Step(models.TextChoices):
        # What the progress counts, written while the stage runs.
        CHECK = "check", _("Rows checked")
        WRITE = "write", _("Entries written")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="import_jobs")
    file_name = models.CharField(_("file"), max_length=200)
    # The uploaded file itself, kept until the import is done; MAX_REQUEST_BYTES bounds it.
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices,
                             default=Stage.CHECKING)
    step = models.CharField(max_length=10, choices=Step.choices, blank=True)
    done = models.PositiveIntegerField(default=0)
    of = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    entries = models.PositiveIntegerField(_("entries"), null=True, blank=True)
    # What the file adds, by kind of entry, in USD (decimal strings), once checked.
    totals = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["fund", "-uploaded_at"], name="importjob_fund_recent")]

    def __str__(self) -> str:
        return f"{self.fund} {self.file_name} ({self.stage})"

    @property
    def running(self) -> bool:
        return self.stage in (self.Stage.CHECKING, self.Stage.IMPORTING)

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.of) if self.of else 0
