"""The parties to agreements, the agreements, and each party's representative and address for
notices (Art. 11)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.wording import TitledInLanguages


class Party(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        UNITED_NATIONS = "united_nations", _("United Nations")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class Agreement(TitledInLanguages):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("project number"), max_length=40, unique=True, help_text=_("For example INT/14/X46/A.")
    )
    signed_on = models.DateField(_("date of signature"))
    signed_at = models.CharField(_("place of signature"), max_length=100)
    text_en = models.TextField(_("text in English"), blank=True)
    text_kk = models.TextField(_("text in Kazakh"), blank=True)
    # A working Russian rendering made for the portal, marked as such on its page.
    text_ru = models.TextField(_("text in Russian"), blank=True)
    # The fund definition this agreement was loaded from, so that a second load can tell
    # "already loaded, nothing to do" from "a different definition under the same number".
    definition_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", kwargs={"slug": self.slug})


class Signatory(models.Model):
    """A party to one agreement, with its authorised representative and notice address
    (Art. 11)."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories",
        verbose_name=_("agreement"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("party")
    )
    acting_through = models.CharField(_("acting through"), max_length=300, blank=True)
    representative_name = models.CharField(_("authorised representative"), max_length=200)
    representative_title = models.CharField(_("representative's title"), max_length=300)
    notice_address = models.TextField(_("address for notices"))
    telephone = models.CharField(_("telephone"), max_length=60, blank=True)
    fax = models.CharField(_("fax"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["agreement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_signatory_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.representative_name})"
