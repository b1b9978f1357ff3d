"""The letterhead image of a fund's reports (issue 24, item 6): one of the fund's administrators
sets an image the fund is entitled to use, saying on what authority; the reports printed from
then on carry it, those issued before keep what they were printed with; removing it returns
to the letterhead in words. Nobody else may set it; bad files are refused, nothing saved."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from agreements.actions import grant_membership
from agreements.models import Agreement, Membership
from audit.models import AuditEvent
from reports.issuing import issue_report
from reports.models import Letterhead

Role = Membership.Role
PAGE = "/funds/int-14-x46-a/reports/letterhead/"
RED = (200, 16, 46)


def png(width: int = 300, height: int = 100, colour=RED) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def first_page_images(pdf: bytes) -> list[Image.Image]:
    return [picture.image for picture in PdfReader(io.BytesIO(pdf)).pages[0].images]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(seed, make_user):
    agreement = seed
    administrator = make_user("finance1")
    grant_membership(agreement=agreement, user=administrator, role=Role.DESA_FINANCE,
                     administers=True, acting_user=None)
    return {"admin": administrator,
            "government": make_user("government", agreement=agreement, role=Role.GOVERNMENT),
            "finance2": make_user("finance2", agreement=agreement, role=Role.DESA_FINANCE)}


def set_image(client: Client, content: bytes, *, name: str = "ministry-logo.png",
              entitlement: str = "Letter of the Ministry of Finance of 3 March 2014"):
    return client.post(PAGE, {"upload": SimpleUploadedFile(name, content),
                              "entitlement": entitlement})


@pytest.mark.django_db
def test_the_administrators_image_is_printed_on_reports_from_then_on(demo_fund, people):
    administrator = signed_in(people["admin"])
    before = issue_report(fund=demo_fund, kind="statement", year=2014,
                          acting_user=people["admin"], confirmed=True)
    assert first_page_images(bytes(before.pdf)) == []  # words only, and the QR is drawn
    content = png()
    response = set_image(administrator, content)
    assert response.status_code == 302
    page = administrator.get(PAGE).content.decode()
    assert "ministry-logo.png" in page and hashlib.sha256(content).hexdigest() in page
    assert "Letter of the Ministry of Finance of 3 March 2014" in page
    assert administrator.get(PAGE + "image").content == content

    after = issue_report(fund=demo_fund, kind="budget_analysis", year=2014,
                         acting_user=programme_officer(demo_fund), confirmed=True)
    [image] = first_page_images(bytes(after.pdf))
    assert image.size == (300, 100)
    assert image.convert("RGB").getpixel((150, 50)) == RED
    # Every language's file carries it.
    for translation in after.translations.all():
        assert len(first_page_images(bytes(translation.pdf))) == 1, translation.language
    # The version issued before keeps its bytes, so its SHA-256 still holds.
    assert hashlib.sha256(bytes(before.pdf)).hexdigest() == before.sha256

    event = AuditEvent.objects.get(action="letterhead.set")
    assert (event.actor, event.agreement) == (people["admin"], demo_fund.agreement)
    assert "Letter of the Ministry of Finance" in event.summary


def programme_officer(fund):
    return Membership.objects.get(agreement=fund.agreement, user__username="programme1").user


@pytest.mark.django_db
def test_removing_the_image_returns_to_the_letterhead_in_words(demo_fund, people):
    administrator = signed_in(people["admin"])
    set_image(administrator, png())
    draft_url = "/funds/int-14-x46-a/reports/statement/2014/draft.pdf"
    assert len(first_page_images(administrator.get(draft_url).content)) == 1
    assert administrator.post(PAGE + "remove/").status_code == 302
    assert not Letterhead.objects.exists()
    assert first_page_images(administrator.get(draft_url).content) == []
    assert AuditEvent.objects.filter(action="letterhead.removed",
                                     actor=people["admin"]).count() == 1
    # Nothing left to remove: said, nothing written.
    page = administrator.post(PAGE + "remove/", follow=True).content.decode()
    assert "no letterhead image" in page
    assert AuditEvent.objects.filter(action="letterhead.removed").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name", "entitlement", "message"), [
    (b"not an image at all", "logo.png", "Permission of 3 March 2014",
     "The file is not a PNG document."),
    (png(), "logo.gif", "Permission of 3 March 2014", "The file must be one of: JPEG, PNG."),
    (png(3001, 10), "wide.png", "Permission of 3 March 2014",
     "The image is 3001 × 10 pixels; a letterhead is at most 3000 × 1000."),
    (b"\x89PNG" + b"0" * (512 * 1024), "huge.png", "Permission of 3 March 2014",
     "A file may be at most 512 KB."),
    (png(), "logo.png", "   ", "This field is required."),
])
def test_a_bad_image_is_refused_with_the_reason_and_nothing_is_saved(
        people, content, name, entitlement, message):
    response = set_image(signed_in(people["admin"]), content, name=name,
                         entitlement=entitlement)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Letterhead.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="letterhead.").exists()


@pytest.mark.django_db
def test_only_the_funds_administrators_may_set_it(seed, people, make_user):
    for who in ("government", "finance2"):  # a finance officer who does not administer
        client = signed_in(people[who])
        assert client.get(PAGE).status_code == 403
        assert set_image(client, png()).status_code == 403
        assert client.post(PAGE + "remove/").status_code == 403
    other = Agreement.objects.create(slug="other-fund", reference="OTHER/1", title="Other",
                                     signed_on=seed.signed_on)
    stranger = make_user("stranger")
    grant_membership(agreement=other, user=stranger, role=Role.DESA_FINANCE, administers=True,
                     acting_user=None)
    assert signed_in(stranger).get(PAGE).status_code == 404
    assert set_image(signed_in(stranger), png()).status_code == 404
    assert Client().get(PAGE).status_code == 302  # a visitor: to the sign-in page
    assert not Letterhead.objects.exists()


@pytest.mark.django_db
def test_wrong_methods_are_refused(people):
    administrator = signed_in(people["admin"])
    assert administrator.put(PAGE).status_code == 405
    assert administrator.get(PAGE + "remove/").status_code == 405
    assert administrator.post(PAGE + "image").status_code == 405
