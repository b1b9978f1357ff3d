"""Files people attach (scans of notices, evidence of activities, documents on entries) are
checked by what they contain, not only by their name: a PDF must read as a PDF, an image as
an image of its kind, an office file as the workbook or document it says it is; and no
larger than the limit (docs/operations.md#limits)."""

import zipfile
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def _pdf(upload: UploadedFile) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(upload, strict=True).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return False


def _image(expected: str) -> Callable[[UploadedFile], bool]:
    def check(upload: UploadedFile) -> bool:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(upload) as image:
                image.verify()
                return image.format == expected
        # A decompression bomb (a tiny file claiming billions of pixels) is no image either.
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
                Image.DecompressionBombError):
            return False

    return check


def _office(part: str) -> Callable[[UploadedFile], bool]:
    def check(upload: UploadedFile) -> bool:
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and part in names

    return check


CHECKS: dict[str, Callable[[UploadedFile], bool]] = {
    "pdf": _pdf, "png": _image("PNG"), "jpg": _image("JPEG"), "jpeg": _image("JPEG"),
    "docx": _office("word/document.xml"), "xlsx": _office("xl/workbook.xml"),
}
NAMES = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "docx": "DOCX",
         "xlsx": "XLSX"}


def check_attachment(upload: UploadedFile, *, allowed: tuple[str, ...],
                     max_bytes: int = MAX_ATTACHMENT_BYTES) -> None:
    """Raise ValidationError unless the file is one of the `allowed` kinds by its name and
    by its content, and at most `max_bytes` long."""
    if upload.size > max_bytes:
        if max_bytes % (1024 * 1024):
            raise ValidationError(_("A file may be at most %(kb)s KB.")
                                  % {"kb": max_bytes // 1024})
        raise ValidationError(_("A file may be at most %(mb)s MB.")
                              % {"mb": max_bytes // (1024 * 1024)})
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in allowed:
        raise ValidationError(_("The file must be one of: %(kinds)s.")
                              % {"kinds": ", ".join(sorted({NAMES[k] for k in allowed}))})
    upload.seek(0)
    try:
        readable = CHECKS[extension](upload)
    finally:
        upload.seek(0)
    if not readable:
        raise ValidationError(_("The file is not a %(kind)s document.")
                              % {"kind": NAMES[extension]})
