"""The one act of this app: a fund's administrators choose what of the fund is published."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import attributable
from agreements import access
from agreements.access import Capability
from audit.actions import record_event
from budget.models import Fund
from budget.posting.controls import lock_fund
from publication.models import Publication

ALLOWED_REF = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")


def publication_of(fund: Fund) -> Publication:
    """The fund's choice; a fund that never chose publishes nothing (not saved)."""
    return Publication.objects.filter(fund=fund).first() or Publication(fund=fund)


@transaction.atomic
def set_publication(*, fund: Fund, publish_iati: bool, publish_factsheet: bool,
                    funding_org_ref: str = "",
                    acting_user: AbstractBaseUser | None) -> Publication:
    """Record what of the fund is public, with its history and an audit row: the fund's
    administrators' choice (`acting_user` None: the system, as `publish_fund` run by the
    portal's operator)."""
    if acting_user is not None and not access.can(acting_user, fund.agreement,
                                                  Capability.MANAGE_MEMBERS):
        raise PermissionDenied
    funding_org_ref = funding_org_ref.strip()
    if funding_org_ref and not set(funding_org_ref) <= ALLOWED_REF:
        raise ValidationError({"funding_org_ref": _(
            "An IATI organisation identifier has letters, digits and - _ . only.")})
    # The fund's lock orders two administrators choosing at once (the second changes the
    # first's row rather than failing on a duplicate); one history row per act.
    lock_fund(fund)
    publication = (Publication.objects.filter(fund=fund).first()
                   or Publication(fund=fund))
    before = (publication.publish_iati, publication.publish_factsheet,
              publication.funding_org_ref)
    publication.publish_iati = publish_iati
    publication.publish_factsheet = publish_factsheet
    publication.funding_org_ref = funding_org_ref
    publication.changed_by = attributable(acting_user)
    publication.save()
    # Stored in English, whatever the administrator's language (as every audit row).
    summary = (f"Publication of {fund}: IATI file {'on' if publish_iati else 'off'}, "
               f"factsheet {'on' if publish_factsheet else 'off'}")
    record_event(action="publication.changed", agreement=fund.agreement,
                 acting_user=acting_user, summary=summary,
                 details={"before": {"iati": before[0], "factsheet": before[1],
                                     "funding_org_ref": before[2]},
                          "after": {"iati": publish_iati, "factsheet": publish_factsheet,
                                    "funding_org_ref": funding_org_ref}})
    return publication
