"""Countries from ISO 3166-1: made when first named, developing from the data file, kept by
administrators in the Django admin (docs/forum.md#countries)."""

from datetime import date
from decimal import Decimal

import pytest
import yaml
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from budget.amounts import usd
from budget.definition import DefinitionError
from forum.actions import approve_travel_grant, register_participant
from forum.countries import country_for
from forum.definition import load_forum
from forum.models import Country, Forum, NationalInitiative, Participant
from forum.participant_import import ImportRefused, import_participants
from tests.conftest import load_seed_files

HEADER = "name,country,category,organisation\n"
NOT_ISO = ("is not an ISO 3166-1 country: give its three-letter code (FRA), its two-letter "
           "code (FR) or its English name (France).")


@pytest.mark.django_db
def test_participants_from_france_are_imported_and_france_is_recorded(forum):
    assert not Country.objects.filter(code="FRA").exists()
    content = (HEADER + "Claire Martin,FRA,expert,Sciences Po\n"
               "Julien Moreau,FR,state,Ministry of the Economy\n").encode()
    assert import_participants(forum=forum, file_name="france.csv", content=content,
                               acting_user=None) == 2
    france = Country.objects.get(code="FRA")
    assert france.name == "France"
    assert not france.developing
    assert set(Participant.objects.filter(country=france).values_list("name", flat=True)) == {
        "Claire Martin", "Julien Moreau"}


@pytest.mark.django_db
def test_a_country_outside_iso_3166_is_refused_by_name_and_nothing_is_written(forum):
    participants, countries = Participant.objects.count(), Country.objects.count()
    content = (HEADER + "Claire Martin,FRA,expert,\n"
               "Nobody Known,XX,state,\n"
               "Someone Else,Atlantis,state,\n").encode()
    with pytest.raises(ImportRefused) as refusal:
        import_participants(forum=forum, file_name="bad.csv", content=content,
                            acting_user=None)
    # A code-like value is named; a longer one is not (it could be a shifted passport number).
    assert refusal.value.errors == [
        f"row 3: 'XX' {NOT_ISO}",
        "row 4: the country is not an ISO 3166-1 code or country name",
    ]
    assert (Participant.objects.count(), Country.objects.count()) == (participants, countries)
    assert not Country.objects.filter(code="FRA").exists()
    with pytest.raises(ValidationError) as named:
        country_for("Atlantis")
    assert named.value.messages == [f"'Atlantis' {NOT_ISO}"]
    assert Country.objects.count() == countries


@pytest.mark.django_db
def test_the_developing_flag_of_a_new_country_comes_from_the_data_file(forum):
    # forum/developing_countries.csv lists NGA (Africa) and not CAN (Northern America).
    nigeria, canada = country_for("Nigeria"), country_for("ca")
    assert (nigeria.code, nigeria.name, nigeria.developing) == ("NGA", "Nigeria", True)
    assert (canada.code, canada.name, canada.developing) == ("CAN", "Canada", False)
    expert = register_participant(forum=forum, name="Adaeze Okafor", country=nigeria,
                                  category="expert", acting_user=None)
    grant = approve_travel_grant(participant=expert, amount=usd("2500.00"),
                                 approved_on=date(2014, 10, 1), acting_user=None)
    assert grant.amount == Decimal("2500.00")
    guest = register_participant(forum=forum, name="Marie Tremblay", country=canada,
                                 category="expert", acting_user=None)
    with pytest.raises(ValidationError, match="Canada is not marked as a developing"):
        approve_travel_grant(participant=guest, amount=usd("2500.00"),
                             approved_on=date(2014, 10, 1), acting_user=None)


@pytest.mark.django_db
def test_a_country_already_recorded_keeps_its_name_and_flag(forum):
    # The Astana definition calls KOR "Republic of Korea" and marks Singapore not developing.
    assert country_for("KR").name == "Republic of Korea"
    assert country_for("Republic of Korea").code == "KOR"
    assert country_for("Singapore").developing is False


@pytest.mark.django_db
def test_a_forum_definition_may_name_any_iso_country_and_no_other(seed, tmp_path):
    load_seed_files(forum=False)
    definition = {
        "fund": "INT/14/X46/A",
        "forum": {"title": "Regional workshop", "theme": "Open data", "city": "Astana",
                  "opens_on": "2014-11-10", "closes_on": "2014-11-11"},
        "participants": [{"name": "Ingrid Berg", "country": "", "category": "expert"}],
        "initiatives": [{"country": "Norway", "title": "Open data portal"}],
        "logical_framework": {"objective": "Open data", "accomplishments": []},
    }
    countries = Country.objects.count()
    definition["participants"][0]["country"] = "Atlantis"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(definition))
    with pytest.raises(DefinitionError, match=r"participants\.0\.country: 'Atlantis' is not "
                                              r"an ISO 3166-1 country"):
        load_forum(bad, acting_user=None)
    assert not Forum.objects.exists()
    assert Country.objects.count() == countries

    definition["participants"][0]["country"] = "NO"
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(definition))
    load_forum(good, acting_user=None)
    norway = Country.objects.get(code="NOR")
    assert (norway.name, norway.developing) == ("Norway", False)
    assert Participant.objects.get(name="Ingrid Berg").country == norway
    assert NationalInitiative.objects.get().country == norway


@pytest.mark.django_db
def test_a_superuser_marks_a_country_developing_in_the_admin_list(client, forum, make_user):
    admin = make_user("chief", superuser=True)
    client.force_login(admin)
    url = reverse("admin:forum_country_changelist")
    singapore = Country.objects.get(code="SGP")
    assert not singapore.developing
    assert "Singapore" in client.get(url, {"q": "singapore"}).content.decode()
    response = client.post(f"{url}?q=SGP", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000", "form-0-id": str(singapore.pk),
        "form-0-developing": "on", "_save": "Save"})
    assert response.status_code == 302
    singapore.refresh_from_db()
    assert singapore.developing
    assert LogEntry.objects.get(object_id=str(singapore.pk)).user == admin


@pytest.mark.django_db
def test_refreshing_the_flags_from_the_data_file_changes_only_where_they_differ(forum,
                                                                                make_user):
    make_user("chief", superuser=True)
    before = dict(Country.objects.values_list("code", "developing"))
    # Of the 39 countries of the Astana definition only Singapore differs from the file.
    call_command("refresh_developing_countries", "--user", "chief", "--dry-run", verbosity=0)
    assert dict(Country.objects.values_list("code", "developing")) == before
    call_command("refresh_developing_countries", "--user", "chief", verbosity=0)
    assert dict(Country.objects.values_list("code", "developing")) == {**before, "SGP": True}
    assert LogEntry.objects.get().object_repr == "Singapore"
