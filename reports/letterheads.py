"""The letterhead image of a fund's reports: set or removed by one of its administrators,
each act with its audit row (docs/reports.md#letterhead). Without one, the reports carry the
neutral letterhead in words; the United Nations emblem is never offered."""

import base64
import hashlib
import io

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import access
from agreements.access import Capability
from agreements.attachments import check_attachment
from audit.actions import record_event
from budget.models import Fund
from reports.models import Letterhead

MAX_LETTERHEAD_BYTES = 512 * 1024
# Printed 18 mm high: more pixels than this only make the PDF heavier.
MAX_WIDTH, MAX_HEIGHT = 3000, 1000
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def _may_manage(acting_user: AbstractBaseUser, fund: Fund) -> None:
    if not access.can(acting_user, fund.agreement, Capability.MANAGE_MEMBERS):
        raise PermissionDenied


@transaction.atomic
def set_letterhead(*, fund: Fund, upload: UploadedFile, entitlement: str,
                   acting_user: AbstractBaseUser) -> Letterhead:
    """Print `upload` (PNG or JPEG, at most 512 KB) at the head of the fund's reports from now
    on; `entitlement` says on what authority the fund may use the image."""
    from PIL import Image

    _may_manage(acting_user, fund)
    entitlement = entitlement.strip()
    if not entitlement:
        raise ValidationError({"entitlement": _(
            "Say on what authority the fund may use this image (for example, the "
            "organisation's written permission).")})
    check_attachment(upload, allowed=("png", "jpg", "jpeg"), max_bytes=MAX_LETTERHEAD_BYTES)
    content = upload.read()
    with Image.open(io.BytesIO(content)) as image:
        width, height, kind = image.width, image.height, image.format
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        raise ValidationError({"upload": _(
            "The image is %(w)s × %(h)s pixels; a letterhead is at most %(mw)s × %(mh)s.")
            % {"w": width, "h": height, "mw": MAX_WIDTH, "mh": MAX_HEIGHT}})
    digest = hashlib.sha256(content).hexdigest()
    letterhead, _created = Letterhead.objects.update_or_create(fund=fund, defaults={
        "image": content, "content_type": CONTENT_TYPES[kind], "file_name": upload.name[:200],
        "sha256": digest, "entitlement": entitlement, "set_by": acting_user,
        "set_at": timezone.now()})
    record_event(action="letterhead.set", acting_user=acting_user, agreement=fund.agreement,
                 summary=f"Letterhead image {upload.name[:100]} ({width} × {height} px), "
                         f"used on the authority of: {entitlement[:120]}",
                 details={"sha256": digest, "file_name": upload.name[:200],
                          "entitlement": entitlement})
    return letterhead


@transaction.atomic
def remove_letterhead(*, fund: Fund, acting_user: AbstractBaseUser) -> None:
    """Reports printed from now on carry the letterhead in words only."""
    _may_manage(acting_user, fund)
    letterhead = Letterhead.objects.filter(fund=fund).first()
    if letterhead is None:
        raise ValidationError(_("The fund's reports have no letterhead image."))
    record_event(action="letterhead.removed", acting_user=acting_user, agreement=fund.agreement,
                 summary=f"Letterhead image {letterhead.file_name} removed",
                 details={"sha256": letterhead.sha256})
    letterhead.delete()


def letterhead_image(project_number: str) -> str | None:
    """The fund's letterhead as a data: address for the printed HTML, or None."""
    letterhead = Letterhead.objects.filter(fund__project_number=project_number).only(
        "image", "content_type").first()
    if letterhead is None:
        return None
    encoded = base64.b64encode(bytes(letterhead.image)).decode()
    return f"data:{letterhead.content_type};base64,{encoded}"
