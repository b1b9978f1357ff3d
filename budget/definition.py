"""Fund definition files: one YAML file per agreement, loaded by `manage.py load_fund PATH`.

The file holds the parties and their representatives, the agreement (dates, texts, notices),
the fund's rates and bank account, and the Annex B budget. It is checked whole before anything
is written; a malformed file is refused with the path of the offending field
("budget.groups.0.lines.1.amount: ...") and nothing is loaded. Loading the same file twice
changes nothing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
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
from agreements.access import is_administrator
from agreements.actions import NoticeDraft, record_notice
from agreements.dates import portal_today
from agreements.models import Agreement, Party, Signatory
from budget.amounts import format_amount, usd
from budget.models import BudgetGroup, BudgetLine, BudgetVersion, Fund
from budget.pledges import InstalmentTerms, set_payment_schedule
from budget.posting import open_ledger


class DefinitionError(Exception):
    """A fund definition that cannot be loaded; the message names the field."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Rate = Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)]


def _no_float(value: object) -> object:
    # YAML reads 55000.10 as a binary float; money must be written as a quoted decimal.
    if isinstance(value, float):
        raise ValueError("write amounts and rates as quoted decimals, e.g. \"55000.00\"")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Money = Annotated[Decimal, Field(gt=0, max_digits=14, decimal_places=2)]


class BankDef(Strict):
    name: Text
    address: Text
    account: Text
    aba: OptionalText = ""
    swift: OptionalText = ""


class FundDef(Strict):
    project_number: Text
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    executing_agency: Text
    currency: Literal["USD"]
    amount: Money
    psc_rate: Rate
    reserve_rate: Rate
    start_date: date
    duration_months: Annotated[int, Field(gt=0, le=240)]
    bank: BankDef

    _floats = field_validator("amount", "psc_rate", "reserve_rate", mode="before")(_no_float)


class RepresentativeDef(Strict):
    name: Text
    title: Text


class PartyDef(Strict):
    key: Text
    name: Text
    short_name: Text
    kind: Literal["government", "united_nations"]
    acting_through: OptionalText = ""
    representative: RepresentativeDef
    notice_address: Text
    telephone: OptionalText = ""
    fax: OptionalText = ""
    email: OptionalText = ""


class NoticeDef(Strict):
    kind: Literal["domestic_procedures", "amendment", "completion", "termination", "letter"]
    sender: Text
    recipient: Text
    sent_on: date
    received_on: date | None = None
    delivery: Literal["hand", "mail", "diplomatic", "telegram", "telex", "email"]
    reference: OptionalText = ""
    subject: OptionalText = ""
    government_agreement: OptionalText = ""


class TextsDef(Strict):
    en: Text
    kk: OptionalText = ""
    ru: OptionalText = ""


class AgreementDef(Strict):
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    signed_on: date
    signed_at: Text
    texts: TextsDef
    notices: list[NoticeDef] = []

    @field_validator("signed_on")
    @classmethod
    def _not_in_future(cls, value: date) -> date:
        if value > portal_today():
            raise ValueError("the date of signature cannot be in the future")
        return value


CostElement = Literal["salary_or_fee", "allowance", "travel", "other"]


class LineDef(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    duration: OptionalText = ""
    description: OptionalText = ""
    amount: Money
    default_cost_element: CostElement = "other"

    _floats = field_validator("amount", mode="before")(_no_float)


class GroupDef(Strict):
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    subtotal_label: Text
    subtotal_label_kk: OptionalText = ""
    subtotal_label_ru: OptionalText = ""
    cumulative: bool = False
    lines: Annotated[list[LineDef], Field(min_length=1)]


class ProgrammeSupportDef(Strict):
    code: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    title: Text
    title_kk: OptionalText = ""
    title_ru: OptionalText = ""
    amount: Money

    _floats = field_validator("amount", mode="before")(_no_float)


class BudgetDef(Strict):
    groups: Annotated[list[GroupDef], Field(min_length=1)]
    programme_support: ProgrammeSupportDef

    @model_validator(mode="after")
    def _codes_unique(self) -> "BudgetDef":
        codes = [line.code for group in self.groups for line in group.lines]
        codes.append(self.programme_support.code)
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"budget line codes appear twice: {', '.join(duplicates)}")
        return self

    @property
    def programme_total(self) -> Decimal:
        return sum((line.amount for group in self.groups for line in group.lines), Decimal(0))


class InstalmentDef(Strict):
    due_on: date
    amount: Money

    _floats = field_validator("amount", mode="before")(_no_float)


class FundDefinition(Strict):
    fund: FundDef
    parties: Annotated[list[PartyDef], Field(min_length=2)]
    agreement: AgreementDef
    budget: BudgetDef
    # The payment schedule of the agreement's sum, where the parties agreed one
    # (docs/pledges.md); none: the sum is one pledge.
    payment_schedule: list[InstalmentDef] = []

    @model_validator(mode="after")
    def _cross_checks(self) -> "FundDefinition":
        keys = [party.key for party in self.parties]
        if len(set(keys)) != len(keys):
            raise ValueError("parties: each party needs its own key")
        kinds = {party.kind for party in self.parties}
        if kinds != {"government", "united_nations"}:
            raise ValueError("parties: an agreement has a government and the United Nations")
        for index, notice in enumerate(self.agreement.notices):
            for role in ("sender", "recipient"):
                if getattr(notice, role) not in keys:
                    raise ValueError(
                        f"agreement.notices.{index}.{role}: {getattr(notice, role)!r} is not "
                        f"the key of a party ({', '.join(keys)})"
                    )
        grand_total = self.budget.programme_total + self.budget.programme_support.amount
        if grand_total != self.fund.amount:
            raise ValueError(
                f"budget: the lines add up to {format_amount(self.budget.programme_total)} + "
                f"{format_amount(self.budget.programme_support.amount)} = "
                f"{format_amount(grand_total)}, not the fund amount "
                f"{format_amount(self.fund.amount)}"
            )
        return self


@dataclass(frozen=True)
class LoadResult:
    agreement: Agreement
    created: bool


def titles_of(definition: BaseModel) -> dict[str, str]:
    """The Kazakh and Russian titles a definition gives (`title_kk`, `title_ru`)."""
    return {language: getattr(definition, f"title_{language}")
            for language in ("kk", "ru") if getattr(definition, f"title_{language}")}


def describe_errors(error: ValidationError) -> str:
    """A definition's errors, one per line, each with the path of its field."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)


def read_definition(path: Path) -> tuple[FundDefinition, dict[str, str], str]:
    """Parse and check a definition file and its texts; return them with their SHA-256."""
    try:
        raw_bytes = path.read_bytes()
    except OSError as error:
        raise DefinitionError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        raw = yaml.safe_load(raw_bytes)
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise DefinitionError(f"{path}: expected a mapping with fund, parties, agreement, budget")
    try:
        definition = FundDefinition.model_validate(raw)
    except ValidationError as error:
        raise DefinitionError(f"{path}:\n{describe_errors(error)}") from error

    digest = hashlib.sha256(raw_bytes)
    texts: dict[str, str] = {}
    for language in ("en", "kk", "ru"):
        name = getattr(definition.agreement.texts, language)
        if not name:
            texts[language] = ""
            continue
        text_path = (path.parent / name).resolve()
        try:
            content = text_path.read_bytes()
            texts[language] = content.decode("utf-8")
        except OSError as error:
            raise DefinitionError(
                f"{path}:\nagreement.texts.{language}: cannot read {text_path} "
                f"({error.strerror})"
            ) from error
        except UnicodeDecodeError as error:
            raise DefinitionError(
                f"{path}:\nagreement.texts.{language}: {text_path} is not UTF-8 text"
            ) from error
        digest.update(content)
    return definition, texts, digest.hexdigest()


def _save(instance, path: Path, where: str, acting_user: AbstractBaseUser | None):
    """Save a model instance built from the definition, refusing values the database would
    not hold (too long, a malformed email) with the definition's path to them; its change
    history names who loaded it."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except DjangoValidationError as error:
        problems = [f"{where}.{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()]
        raise DefinitionError(f"{path}:\n" + "\n".join(problems)) from error
    instance._history_user = attributable(acting_user)
    instance.save()
    return instance


def load_fund(path: Path, *, acting_user: AbstractBaseUser | None) -> LoadResult:
    """Load a fund definition: the agreement, its parties and notices, the fund and budget
    version 1. All or nothing."""
    if acting_user is not None and not is_administrator(acting_user):
        raise DefinitionError(f"{path}: loading a fund is an administrator's act; "
                              f"{acting_user.get_username()} is not an administrator")
    definition, texts, sha256 = read_definition(path)
    fund_def, agreement_def = definition.fund, definition.agreement
    with transaction.atomic():
        existing = Agreement.objects.filter(reference=fund_def.project_number).first() or (
            Agreement.objects.filter(slug=fund_def.slug).first()
        )
        if existing is not None:
            if existing.definition_sha256 == sha256:
                return LoadResult(agreement=existing, created=False)
            raise DefinitionError(
                f"{path}: fund {existing.reference} is already loaded from a different "
                "definition; change a loaded fund through notices and budget revisions, "
                "not by loading it again"
            )

        parties: dict[str, Party] = {}
        for index, party_def in enumerate(definition.parties):
            party = Party.objects.filter(name=party_def.name).first() or _save(
                Party(name=party_def.name, short_name=party_def.short_name,
                      kind=party_def.kind), path, f"parties.{index}", acting_user)
            if party.kind != party_def.kind:
                raise DefinitionError(
                    f"{path}:\nparties.{index}.kind: {party.name} is already known as "
                    f"{party.get_kind_display()}"
                )
            parties[party_def.key] = party

        agreement = _save(Agreement(
            slug=fund_def.slug,
            title=agreement_def.title,
            reference=fund_def.project_number,
            signed_on=agreement_def.signed_on,
            signed_at=agreement_def.signed_at,
            text_en=texts["en"],
            text_kk=texts["kk"],
            text_ru=texts["ru"],
            titles=titles_of(agreement_def),
            definition_sha256=sha256,
        ), path, "agreement", acting_user)
        for order, party_def in enumerate(definition.parties):
            _save(Signatory(
                agreement=agreement,
                party=parties[party_def.key],
                acting_through=party_def.acting_through,
                representative_name=party_def.representative.name,
                representative_title=party_def.representative.title,
                notice_address=party_def.notice_address,
                telephone=party_def.telephone,
                fax=party_def.fax,
                email=party_def.email,
                order=order,
            ), path, f"parties.{order}", acting_user)
        for index, notice_def in enumerate(agreement_def.notices):
            draft = NoticeDraft(
                kind=notice_def.kind,
                sender=parties[notice_def.sender],
                recipient=parties[notice_def.recipient],
                sent_on=notice_def.sent_on,
                received_on=notice_def.received_on,
                delivery=notice_def.delivery,
                reference=notice_def.reference,
                subject=notice_def.subject,
                government_agreement=notice_def.government_agreement,
            )
            try:
                # The definition states what happened: confirmed by the loading itself.
                record_notice(agreement=agreement, draft=draft, acting_user=acting_user,
                              confirmed=True)
            except DjangoValidationError as error:
                raise DefinitionError(
                    f"{path}:\nagreement.notices.{index}: {' '.join(error.messages)}"
                ) from error

        fund = _save(Fund(
            agreement=agreement,
            project_number=fund_def.project_number,
            title=fund_def.title, titles=titles_of(fund_def),
            executing_agency=fund_def.executing_agency,
            currency=fund_def.currency,
            amount=fund_def.amount,
            psc_rate=fund_def.psc_rate,
            reserve_rate=fund_def.reserve_rate,
            start_date=fund_def.start_date,
            duration_months=fund_def.duration_months,
            bank_name=fund_def.bank.name,
            bank_address=fund_def.bank.address,
            bank_account=fund_def.bank.account,
            bank_aba=fund_def.bank.aba,
            bank_swift=fund_def.bank.swift,
        ), path, "fund", acting_user)
        version = _save(BudgetVersion(
            fund=fund, number=1, effective_on=agreement_def.signed_on,
            reason="Annex B as signed",
        ), path, "budget", acting_user)
        order = 0
        for group_order, group_def in enumerate(definition.budget.groups):
            where = f"budget.groups.{group_order}"
            group = _save(BudgetGroup(
                version=version, order=group_order, title=group_def.title,
                titles=titles_of(group_def) | {
                    f"subtotal_{language}": getattr(group_def, f"subtotal_label_{language}")
                    for language in ("kk", "ru")
                    if getattr(group_def, f"subtotal_label_{language}")},
                subtotal_label=group_def.subtotal_label, cumulative=group_def.cumulative,
            ), path, where, acting_user)
            for line_index, line_def in enumerate(group_def.lines):
                order += 1
                _save(BudgetLine(
                    version=version, group=group, order=order, code=line_def.code,
                    title=line_def.title, titles=titles_of(line_def),
                    duration=line_def.duration,
                    description=line_def.description, amount=line_def.amount,
                    default_cost_element=line_def.default_cost_element,
                ), path, f"{where}.lines.{line_index}", acting_user)
        psc = definition.budget.programme_support
        _save(BudgetLine(
            version=version, group=None, order=order + 1, code=psc.code, title=psc.title,
            titles=titles_of(psc),
            amount=psc.amount, is_programme_support=True,
        ), path, "budget.programme_support", acting_user)
        open_ledger(fund=fund, version=version)
        if definition.payment_schedule:
            try:
                set_payment_schedule(fund=fund, reason="As in the fund's definition",
                                     acting_user=acting_user, instalments=[
                                         InstalmentTerms(due_on=i.due_on, amount=usd(i.amount))
                                         for i in definition.payment_schedule])
            except DjangoValidationError as error:
                raise DefinitionError(f"{path}: payment_schedule: {' '.join(error.messages)}"
                                      ) from error
    return LoadResult(agreement=agreement, created=True)
