"""The Global Forum and the project's activities (Annex A; Annex B, sections 3 and 6)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreements.attachments import check_attachment
from agreements.wording import TitledInLanguages
from budget.models import Entry, Fund


def validate_evidence(document) -> None:
    """Evidence is a PDF, an office document or an image, checked by its content."""
    check_attachment(document, allowed=("pdf", "docx", "xlsx", "png", "jpg"))


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    developing = models.BooleanField(_("developing Member State"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class Forum(TitledInLanguages):
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="forums")
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    opens_on = models.DateField(_("opening"))
    closes_on = models.DateField(_("closing"))
    # Meeting times are shown and entered in the host city's time.
    time_zone = models.CharField(_("time zone"), max_length=50, default="Asia/Almaty")
    definition_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")),
                                              name="forum_closes_after_opening")]

    def __str__(self) -> str:
        return self.title


class Meeting(TitledInLanguages):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        SYMPOSIUM = "symposium", _("Symposium")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    premises = models.CharField(_("premises"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="meeting_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    class Category(models.TextChoices):
        STATE = "state", _("Representative of a State")
        EXPERT = "expert", _("Expert invited by the United Nations")
        UN_OFFICIAL = "un_official", _("United Nations official")
        AGENCY = "agency", _("Representative of a specialised agency")
        GOVERNMENT_PERSONNEL = "government_personnel", _("Personnel provided by the Government")

    # The privileges and immunities each category has (Annex A, art. 2).
    PRIVILEGES = {
        Category.STATE: _("Article IV of the 1946 Convention on the Privileges and Immunities "
                          "of the United Nations"),
        Category.EXPERT: _("Articles VI and VII of the 1946 Convention (experts on mission)"),
        Category.UN_OFFICIAL: _("Articles V and VII of the 1946 Convention"),
        Category.AGENCY: _("The 1947 Convention on the Privileges and Immunities of the "
                           "Specialized Agencies, and the 1959 IAEA agreement"),
        Category.GOVERNMENT_PERSONNEL: _("Immunity from legal process for what they say, write "
                                         "or do in their official capacity"),
    }

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    category = models.CharField(_("Annex A category"), max_length=30, choices=Category.choices)
    email = models.EmailField(_("email"), blank=True)
    invited_on = models.DateField(_("invitation sent"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted"), null=True, blank=True)
    registered_on = models.DateField(_("registered"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)
    # Personal data: shown only to those who organise the forum (agreements.access).
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    needs_visa = models.BooleanField(_("needs a visa"), default=False)
    visa_applied_on = models.DateField(_("visa applied for"), null=True, blank=True)
    visa_issued_on = models.DateField(_("visa issued"), null=True, blank=True)
    needs_exit_permit = models.BooleanField(_("needs an exit permit"), default=False)
    exit_permit_issued_on = models.DateField(_("exit permit issued"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["passport_number", "date_of_birth"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visa_issued_on__isnull=True)
                | Q(visa_applied_on__isnull=False, visa_issued_on__gte=F("visa_applied_on")),
                name="visa_issued_after_application"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def privileges_basis(self) -> str:
        return str(self.PRIVILEGES[self.category])


class TravelGrant(models.Model):
    """A grant for a participant from a developing Member State, committed on line 3201 and
    paid by expenditures that liquidate that commitment (docs/forum.md#travel-grants)."""

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT,
                                       related_name="travel_grant")
    amount = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    approved_on = models.DateField(_("approved on"))
    commitment = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.participant}: {self.amount}"


class Activity(TitledInLanguages):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        COMPLETED = "completed", _("Completed")

    class Coordinator(models.TextChoices):
        DESA = "desa", _("DESA's Project Coordinator")
        GOVERNMENT = "government", _("The Government's Project Coordinator")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="activities")
    number = models.PositiveSmallIntegerField(_("activity"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    coordinator = models.CharField(_("responsible coordinator"), max_length=10,
                                   choices=Coordinator.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fund", "number"]
        verbose_name_plural = _("activities")
        constraints = [models.UniqueConstraint(fields=["fund", "number"],
                                               name="one_activity_per_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Evidence(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)

    history = HistoricalRecords()
    document = models.FileField(_("document"), upload_to="evidence/%Y/", blank=True,
                                validators=[validate_evidence])

    class Meta:
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class ExpectedAccomplishment(models.Model):
    """Annex B, section 6: the logical framework."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="accomplishments")
    code = models.CharField(max_length=10)
    objective = models.TextField(_("objective"))
    accomplishment = models.TextField(_("expected accomplishment"))
    indicator = models.TextField(_("indicator of achievement"))
    verification = models.CharField(_("means of verification"), max_length=300)

    class Meta:
        ordering = ["fund", "code"]
        constraints = [models.UniqueConstraint(fields=["fund", "code"],
                                               name="one_accomplishment_per_code")]

    def __str__(self) -> str:
        return self.code


class Recommendation(models.Model):
    """A recommendation or proposal in the forum's outcome document (indicator IA1)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))

    def __str__(self) -> str:
        return self.text[:60]


class NationalInitiative(models.Model):
    """A national initiative towards integrated e-government services announced at the
    forum (indicator IA2)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="initiatives")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("initiative"), max_length=300)

    def __str__(self) -> str:
        return f"{self.country}: {self.title}"
