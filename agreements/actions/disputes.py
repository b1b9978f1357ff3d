"""Recording a request for arbitration and the appointments that follow it (Art. 8)."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements.access import sides_of
from agreements.dates import portal_today
from agreements.models import Agreement, ArbitrationRequest, Party

APPOINTMENTS = {"government": "government_arbitrator_on",
                "united_nations": "united_nations_arbitrator_on", "chair": "chair_on"}


def _check_day(day: date, earliest: date, what: str, today: date) -> None:
    if day > today:
        raise ValidationError(_("The date of %(what)s cannot be in the future.")
                              % {"what": what})
    if day < earliest:
        raise ValidationError(_("The date of %(what)s cannot be before %(date)s.")
                              % {"what": what, "date": earliest})


@transaction.atomic
def record_arbitration_request(*, agreement: Agreement, requested_by: Party,
                               requested_on: date, subject: str, reference: str = "",
                               acting_user: AbstractBaseUser | None,
                               today: date | None = None) -> ArbitrationRequest:
    """A party's request to submit a dispute to arbitration (Art. 8.1); its date starts the
    30 days within which each party appoints its arbitrator."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not sides_of(acting_user, agreement):
        raise ValidationError(_("Only officers of the parties record a request for "
                                "arbitration."))
    if not agreement.signatories.filter(party=requested_by).exists():
        raise ValidationError({"requested_by": _("%(party)s is not a party to agreement "
                                                 "%(ref)s.") % {"party": requested_by,
                                                                "ref": agreement.reference}})
    if not subject.strip():
        raise ValidationError({"subject": _("Say what the dispute is about.")})
    _check_day(requested_on, agreement.signed_on, _("the request"), today or portal_today())
    request = ArbitrationRequest(agreement=agreement, requested_by=requested_by,
                                 requested_on=requested_on, subject=subject.strip(),
                                 reference=reference.strip(),
                                 recorded_by=attributable(acting_user))
    request._history_user = request.recorded_by
    request.save()
    return request


@transaction.atomic
def record_arbitration_appointment(*, request: ArbitrationRequest, appointee: str,
                                   appointed_on: date, acting_user: AbstractBaseUser | None,
                                   today: date | None = None) -> ArbitrationRequest:
    """An arbitrator appointed by a party ("government", "united_nations"), or the chair
    appointed by the two arbitrators ("chair")."""
    request = ArbitrationRequest.objects.select_for_update().select_related("agreement").get(
        pk=request.pk)
    if not sides_of(acting_user, request.agreement):
        raise ValidationError(_("Only officers of the parties record appointments."))
    field = APPOINTMENTS.get(appointee)
    if field is None:
        raise ValidationError({"appointee": _("Unknown appointment.")})
    if getattr(request, field) is not None:
        raise ValidationError(_("This appointment was already recorded on %(date)s.")
                              % {"date": getattr(request, field)})
    earliest = request.requested_on
    if appointee == "chair":
        arbitrators = [request.government_arbitrator_on, request.united_nations_arbitrator_on]
        if None in arbitrators:
            raise ValidationError(_("The chair is appointed by the two arbitrators, once both "
                                    "are appointed (Art. 8.1)."))
        earliest = max(arbitrators)
    _check_day(appointed_on, earliest, _("the appointment"), today or portal_today())
    setattr(request, field, appointed_on)
    request._history_user = attributable(acting_user)
    request.save(update_fields=[field])
    return request
