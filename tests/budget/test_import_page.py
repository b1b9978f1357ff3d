"""The ledger import page: a finance officer uploads a CSV, the background worker (a real
`db_worker` process) checks it, the officer confirms what it will post, the worker imports
it; a refused file lists its rows and writes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, Membership
from audit.models import AuditEvent
from budget.models import Entry, FundBalance, LedgerImportJob
from tests.agreements.test_agreement_page_browser import sign_in
from tests.worker import run_queued_tasks

Role = Membership.Role
GOOD = (b"value_date,kind,line,amount,currency,cost_element,payee,reference,description\n"
        b"2014-08-14,contribution,,500000.00,USD,,Government,KZ-1,Art. 1.1\n"
        b"2014-09-01,expenditure,1601,1000.00,USD,,Printer,INV-1,Badges\n")
BAD = GOOD + b"2014-09-02,expenditure,9999,5.00,USD,,Nobody,INV-2,No such line\n"


@pytest.fixture
def finance(seed, make_user, client):
    client.force_login(make_user("finance1", agreement=seed, role=Role.DESA_FINANCE))
    return client


def upload(client, agreement, content: bytes, name: str = "erp-2014.csv"):
    return client.post(reverse("budget:ledger_import", args=[agreement.slug]),
                       {"file": SimpleUploadedFile(name, content, "text/csv")})


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_checked_confirmed_and_imported_by_the_worker(seed, finance):
    response = upload(finance, seed, GOOD)
    job = LedgerImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    waiting = finance.get(response["Location"]).content.decode()
    assert "Checking the file" in waiting and 'http-equiv="refresh"' in waiting

    run_queued_tasks()
    checked = finance.get(response["Location"]).content.decode()
    # One contribution of 500,000.00; one expenditure of 1,000.00 with its PSC: 13% = 130.00.
    assert "Checked: waiting for confirmation" in checked
    for figure in ["500,000.00", "1,000.00", "130.00", "2 rows, 3 entries"]:
        assert figure in checked
    assert Entry.objects.count() == 0

    confirm = reverse("budget:import_job_confirm", args=[seed.slug, job.pk])
    assert finance.post(confirm).status_code == 302
    run_queued_tasks()
    imported = finance.get(response["Location"]).content.decode()
    assert "Imported" in imported and "Confirmed by finance1" in imported
    assert list(Entry.objects.order_by("sequence").values_list("kind", "amount")) == [
        ("contribution", 500000), ("expenditure", 1000), ("psc", 130)]
    balance = FundBalance.objects.get(fund=seed.fund)
    assert (balance.contributions, balance.expenditure, balance.psc_charged) == (
        500000, 1000, 130)
    # Who uploaded, who confirmed and who imported (the confirming officer), in order.
    assert list(AuditEvent.objects.filter(action__startswith="ledger.").order_by("pk")
                .values_list("action", "actor__username")) == [
        ("ledger.import_uploaded", "finance1"), ("ledger.import_confirmed", "finance1"),
        ("ledger.imported", "finance1")]
    job.refresh_from_db()
    assert (job.done, job.of) == (3, 3)  # the last progress written: 3 entries of 3


@pytest.mark.django_db(transaction=True)
def test_a_refused_file_lists_its_rows_writes_nothing_and_cannot_be_confirmed(seed, finance):
    location = upload(finance, seed, BAD)["Location"]
    run_queued_tasks()
    page = finance.get(location).content.decode()
    assert "Refused: nothing was imported" in page
    assert "row 4:" in page and "9999" in page
    job = LedgerImportJob.objects.get()
    response = finance.post(reverse("budget:import_job_confirm", args=[seed.slug, job.pk]),
                            follow=True)
    assert "not waiting for confirmation" in response.content.decode()
    run_queued_tasks()
    assert Entry.objects.count() == 0
    job.refresh_from_db()
    assert job.stage == "refused" and job.confirmed_by is None


@pytest.mark.django_db
def test_a_file_that_is_not_csv_is_refused_on_the_form(seed, finance):
    response = upload(finance, seed, b"%PDF-1.4", name="ledger.pdf")
    assert response.status_code == 200
    assert "File extension “pdf” is not allowed." in response.content.decode()
    assert not LedgerImportJob.objects.exists()


@pytest.mark.django_db
def test_a_government_officer_may_not_import(seed, make_user, client):
    client.force_login(make_user("gov1", agreement=seed, role=Role.GOVERNMENT))
    assert upload(client, seed, GOOD).status_code == 403
    assert not LedgerImportJob.objects.exists()


@pytest.mark.django_db
def test_another_funds_officer_sees_neither_the_page_nor_the_job(seed, finance, make_user,
                                                                client):
    upload(finance, seed, GOOD)
    job = LedgerImportJob.objects.get()
    other = Agreement.objects.create(slug="other", title="Another fund", reference="Y/2",
                                     signed_on="2015-01-01", signed_at="Geneva")
    client.force_login(make_user("finance2", agreement=other, role=Role.DESA_FINANCE))
    assert client.get(reverse("budget:import_job", args=[seed.slug, job.pk])).status_code == 404
    assert client.post(reverse("budget:import_job_confirm",
                               args=[seed.slug, job.pk])).status_code == 404
    assert upload(client, seed, GOOD).status_code == 404
    assert LedgerImportJob.objects.count() == 1


@pytest.mark.django_db
def test_confirming_takes_only_a_post(seed, finance):
    upload(finance, seed, GOOD)
    job = LedgerImportJob.objects.get()
    url = reverse("budget:import_job_confirm", args=[seed.slug, job.pk])
    assert finance.get(url).status_code == 405
    job.refresh_from_db()
    assert job.stage == "checking"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_page_follows_the_worker_to_the_imported_ledger(page, seed,
                                                                          make_user,
                                                                          tmp_path):
    make_user("finance1", agreement=seed, role=Role.DESA_FINANCE)
    sign_in(page, "finance1")
    page.goto(f"/funds/{seed.slug}/ledger/")
    page.get_by_role("link", name="Import a file").click()
    upload_file = tmp_path / "erp-2014.csv"
    upload_file.write_bytes(GOOD)
    page.get_by_label("Ledger file (CSV)").set_input_files(upload_file)
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url("**/ledger/import/*/")
    assert "Checking the file" in page.locator("main").inner_text()

    run_queued_tasks()
    # The page refreshes by itself every 2 seconds while the worker runs.
    page.get_by_role("button", name="Import these postings").wait_for(timeout=10_000)
    assert "130.00" in page.locator("main").inner_text()
    page.get_by_role("button", name="Import these postings").click()
    run_queued_tasks()
    page.get_by_role("link", name="Open the ledger").wait_for(timeout=10_000)
    page.get_by_role("link", name="Open the ledger").click()
    assert "KZ-1" in page.locator("table.ledger").inner_text()
    assert Entry.objects.count() == 3
