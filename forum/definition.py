"""Forum definition files (`manage.py load_forum PATH`): the forum, its meetings and
participants with their visas and travel grants, and the project's activities and logical
framework. Checked whole first; written in one transaction through forum.actions, so grants
pass the ledger's controls; a second load of the same file changes nothing."""

import hashlib
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from accounts.models import attributable
from budget.amounts import usd
from budget.definition import DefinitionError, OptionalText, describe_errors, titles_of
from budget.models import Fund
from forum.actions import (
    approve_travel_grant,
    define_activity,
    pay_travel_grant,
    register_participant,
    schedule_meeting,
)
from forum.countries import country_for, iso_country
from forum.models import (
    Country,
    ExpectedAccomplishment,
    Forum,
    NationalInitiative,
    Recommendation,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CountryDef(Strict):
    """A country with the name and flag this forum gives it; countries not listed are
    taken from ISO 3166-1 when named (forum.countries)."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    name: Text
    developing: bool

    @field_validator("code")
    @classmethod
    def _iso(cls, code: str) -> str:
        if iso_country(code) is None:
            raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return code


def titled(definition: Strict) -> dict:
    """A definition's fields, its Kazakh and Russian titles gathered as `titles`."""
    fields = definition.model_dump(exclude={"title_kk", "title_ru"})
    return {**fields, "titles": titles_of(definition)}


class ForumDef(Strict):
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    theme: Text
    city: Text
    opens_on: date
    closes_on: date
    time_zone: str = "Asia/Almaty"

    @model_validator(mode="after")
    def _dates(self) -> "ForumDef":
        if self.closes_on < self.opens_on:
            raise ValueError("closes_on: the forum closes on or after its opening")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"time_zone: unknown time zone {self.time_zone!r}") from None
        return self


class MeetingDef(Strict):
    kind: Literal["plenary", "seminar", "workshop", "symposium"]
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    starts_at: datetime
    ends_at: datetime
    premises: Text


class VisaDef(Strict):
    applied_on: date | None = None
    issued_on: date | None = None


class ExitPermitDef(Strict):
    issued_on: date | None = None


class PaymentDef(Strict):
    paid_on: date
    amount: Money


class GrantDef(Strict):
    amount: Money
    approved_on: date
    payments: list[PaymentDef] = []


class ParticipantDef(Strict):
    name: Text
    country: Text
    organisation: str = ""
    function: str = ""
    category: Literal["state", "expert", "un_official", "agency", "government_personnel"]
    email: str = ""
    invited_on: date | None = None
    accepted_on: date | None = None
    registered_on: date | None = None
    attended: bool = False
    passport_number: str = ""
    date_of_birth: date | None = None
    visa: VisaDef | None = None
    exit_permit: ExitPermitDef | None = None
    travel_grant: GrantDef | None = None


class ActivityDef(Strict):
    number: Annotated[int, Field(ge=1)]
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    status: Literal["planned", "under_way", "completed"]
    starts_on: date | None = None
    ends_on: date | None = None
    coordinator: Literal["desa", "government"]

    @model_validator(mode="after")
    def _dates(self) -> "ActivityDef":
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on: an activity ends after it starts")
        if self.status == "completed" and not self.ends_on:
            raise ValueError("ends_on: a completed activity has an end date")
        return self


class AccomplishmentDef(Strict):
    code: Text
    accomplishment: Text
    indicator: Text
    verification: Text


class LogFrameDef(Strict):
    objective: Text
    accomplishments: list[AccomplishmentDef]


class InitiativeDef(Strict):
    country: Text
    title: Text


def _unique(values: list, what: str) -> None:
    duplicates = sorted({str(v) for v in values if values.count(v) > 1})
    if duplicates:
        raise ValueError(f"{what} appear twice: {', '.join(duplicates)}")


class ForumDefinition(Strict):
    fund: Text
    forum: ForumDef
    countries: list[CountryDef] = []
    meetings: list[MeetingDef] = []
    participants: list[ParticipantDef] = []
    activities: list[ActivityDef] = []
    logical_framework: LogFrameDef
    recommendations: list[Text] = []
    initiatives: list[InitiativeDef] = []

    @model_validator(mode="after")
    def _no_duplicates(self) -> "ForumDefinition":
        _unique([a.number for a in self.activities], "activities: numbers")
        _unique([a.code for a in self.logical_framework.accomplishments],
                "logical_framework.accomplishments: codes")
        _unique([c.code for c in self.countries], "countries: codes")
        _unique([c.name for c in self.countries], "countries: names")
        return self


def _refuse(path: Path, where: str, error: DjangoValidationError) -> DefinitionError:
    return DefinitionError(f"{path}:\n{where}: {' '.join(error.messages)}")


def load_forum(path: Path, *, acting_user: AbstractBaseUser | None) -> tuple[Forum, bool]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DefinitionError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        definition = ForumDefinition.model_validate(yaml.safe_load(raw))
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path}: not valid YAML: {error}") from error
    except ValidationError as error:
        raise DefinitionError(f"{path}:\n{describe_errors(error)}") from error
    sha256 = hashlib.sha256(raw).hexdigest()
    fund = Fund.objects.filter(project_number=definition.fund).first()
    if fund is None:
        raise DefinitionError(f"{path}:\nfund: no fund {definition.fund!r}; load it first")
    try:
        return _load(path, definition, fund, sha256, acting_user)
    except IntegrityError as error:
        raise DefinitionError(f"{path}: the definition clashes with what is already loaded "
                              f"({error.__class__.__name__}: {str(error).splitlines()[0]})") \
            from error


def _load(path: Path, definition: "ForumDefinition", fund: Fund, sha256: str,
          acting_user: AbstractBaseUser | None) -> tuple[Forum, bool]:
    with transaction.atomic():
        if Forum.objects.filter(fund=fund).exclude(title=definition.forum.title).exists():
            raise DefinitionError(f"{path}: fund {fund} already has another forum")
        existing = Forum.objects.filter(fund=fund, title=definition.forum.title).first()
        if existing is not None:
            if existing.definition_sha256 == sha256:
                return existing, False
            raise DefinitionError(f"{path}: the forum is already loaded from a different "
                                  "definition")
        for country in definition.countries:
            Country.objects.update_or_create(code=country.code, defaults={
                "name": country.name, "developing": country.developing})

        def country(where: str, value: str) -> Country:
            try:
                return country_for(value)
            except DjangoValidationError as error:
                raise _refuse(path, f"{where}.country", error) from error

        forum = Forum(fund=fund, definition_sha256=sha256, **titled(definition.forum))
        forum._history_user = attributable(acting_user)
        forum.save()
        steps = [(f"meetings.{i}", lambda m=m: schedule_meeting(
            forum=forum, acting_user=acting_user, **titled(m)))
                 for i, m in enumerate(definition.meetings)]
        for where, step in steps:
            try:
                step()
            except DjangoValidationError as error:
                raise _refuse(path, where, error) from error
        for index, item in enumerate(definition.participants):
            where = f"participants.{index}"
            participant_country = country(where, item.country)
            fields = item.model_dump(exclude={"visa", "exit_permit", "travel_grant",
                                              "country"})
            visa, permit = item.visa or VisaDef(), item.exit_permit
            try:
                participant = register_participant(
                    forum=forum, country=participant_country,
                    needs_visa=item.visa is not None, visa_applied_on=visa.applied_on,
                    visa_issued_on=visa.issued_on, needs_exit_permit=permit is not None,
                    exit_permit_issued_on=permit.issued_on if permit else None,
                    acting_user=acting_user, **fields)
                if item.travel_grant:
                    grant = approve_travel_grant(participant=participant,
                                                 amount=usd(item.travel_grant.amount),
                                                 approved_on=item.travel_grant.approved_on,
                                                 acting_user=acting_user)
                    for payment in item.travel_grant.payments:
                        pay_travel_grant(grant=grant, amount=usd(payment.amount),
                                         paid_on=payment.paid_on, acting_user=acting_user)
            except DjangoValidationError as error:
                raise _refuse(path, where, error) from error
        for index, item in enumerate(definition.activities):
            try:
                define_activity(fund=fund, acting_user=acting_user, **titled(item))
            except DjangoValidationError as error:
                raise _refuse(path, f"activities.{index}", error) from error
        frame = definition.logical_framework
        for item in frame.accomplishments:
            ExpectedAccomplishment.objects.create(fund=fund, objective=frame.objective,
                                                  **item.model_dump())
        Recommendation.objects.bulk_create(Recommendation(forum=forum, text=text)
                                           for text in definition.recommendations)
        for index, item in enumerate(definition.initiatives):
            NationalInitiative.objects.create(
                forum=forum, country=country(f"initiatives.{index}", item.country),
                title=item.title)
    return forum, True
