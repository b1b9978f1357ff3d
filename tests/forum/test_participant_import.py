"""Participants from CSV or XLSX: all rows or none, an error per bad row."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from agreements.models import Membership
from forum.models import Participant
from forum.participant_import import ImportRefused, import_participants

HEADER = "name,country,category,organisation,function,passport_number,date_of_birth," \
         "visa_applied_on,visa_issued_on\n"


@pytest.mark.django_db
def test_csv_import_adds_every_row(forum):
    before = Participant.objects.count()
    content = (HEADER + "Nomvula Dlamini,SEN,state,Ministry of ICT,Director,A1234567,"
               "1975-04-02,2014-09-20,2014-10-05\n"
               "Tomás Herrera,PER,expert,University of Lima,Professor,,,,\n").encode()
    assert import_participants(forum=forum, file_name="new.csv", content=content,
                               acting_user=None) == 2
    assert Participant.objects.count() == before + 2
    added = Participant.objects.get(name="Nomvula Dlamini")
    assert added.needs_visa and str(added.visa_issued_on) == "2014-10-05"


@pytest.mark.django_db
def test_import_with_bad_rows_adds_none_and_names_each_row_without_personal_data(forum):
    before = Participant.objects.count()
    content = (HEADER + "Good Row,SEN,state,,,,,,\n"
               "Bad Country,ZZZ,state,,,,,,\n"
               "Bad Category,PER,minister,,,,,,\n"
               "Bad Date,PER,state,,,X99999,02/04/1975,,\n"
               "Issued Before Applied,PER,state,,,,,2014-10-05,2014-10-01\n").encode()
    with pytest.raises(ImportRefused) as refusal:
        import_participants(forum=forum, file_name="bad.csv", content=content,
                            acting_user=None)
    assert refusal.value.errors == [
        "row 3: 'ZZZ' is not an ISO 3166-1 country: give its three-letter code (FRA), its "
        "two-letter code (FR) or its English name (France).",
        "row 4: unknown category (state, expert, un_official, agency, government_personnel)",
        "row 5: date_of_birth must be a date, YYYY-MM-DD",
        "row 6: visa_issued_on: The visa cannot be issued (2014-10-01) before it was applied "
        "for (2014-10-05).",
    ]
    assert "X99999" not in str(refusal.value)
    assert Participant.objects.count() == before


@pytest.mark.django_db
def test_xlsx_import_reads_dates_from_date_cells(forum):
    import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "country", "category", "visa_applied_on"])
    sheet.append(["Rafael Duarte", "PRY", "state", datetime.datetime(2014, 9, 22)])
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_participants(forum=forum, file_name="list.xlsx",
                               content=buffer.getvalue(), acting_user=None) == 1
    assert str(Participant.objects.get(name="Rafael Duarte").visa_applied_on) == "2014-09-22"


@pytest.mark.django_db
def test_import_page_shows_the_errors_and_an_unreadable_file(client, forum, make_user):
    client.force_login(make_user("government", agreement=forum.fund.agreement,
                                 role=Membership.Role.GOVERNMENT))
    url = reverse("forum:participants_import", args=[forum.fund.agreement.slug])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("list.xlsx", b"not a workbook")})
    assert "not a readable XLSX workbook" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("list.txt", b"name\n")})
    assert "must be a .csv or an .xlsx" in response.content.decode()
