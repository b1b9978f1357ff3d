"""The Government receives the Article 5 reports: issuing delivers each version to the
Government's officers of the fund by mail (the link and the SHA-256 of the file in their
language), and a Government officer acknowledges its receipt or returns it with comments
asking for a correction; a returned version is corrected by issuing the next one
(docs/reports.md#delivery-and-acknowledgement)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from agreements import access
from agreements.access import Capability
from agreements.models import Membership
from audit.actions import record_event
from notifications.mail import members, portal_link, queue_mail
from notifications.models import OutboxMessage
from reports.issuing import ISSUER, ORIGINAL_LANGUAGE
from reports.models import IssuedReport, ReportResponse
from reports.rendering import verification_url

Role = Membership.Role


def report_topic(report: IssuedReport) -> str:
    return f"report:{report.pk}"


def deliver_report(report: IssuedReport) -> None:
    """Inside the issuing act: the delivery to the Government's officers (formal: sent at once
    whatever their preferences) and the notice to the fund's auditors."""
    agreement = report.fund.agreement
    link = portal_link(reverse("reports:report", args=[agreement.slug, report.kind,
                                                       report.year]))
    hashes = {ORIGINAL_LANGUAGE: report.sha256,
              **{other.language: other.sha256 for other in report.translations.all()}}

    def context(recipient: User) -> dict:
        language = recipient.preferred_language or ORIGINAL_LANGUAGE
        return {"report": report, "agreement": agreement, "link": link,
                "file_link": portal_link(reverse("reports:issued_download",
                                                 args=[agreement.slug, report.pk, "pdf"])
                                         + f"?language={language}"),
                "sha256": hashes.get(language, report.sha256),
                # The address printed on the report (versions issued before fingerprints
                # existed have none).
                "verification_link": (verification_url(report.fingerprint)
                                      if report.fingerprint else ""),
                "answers": report.answers}

    queue_mail(event="report_delivered", recipients=members(agreement, [Role.GOVERNMENT]),
               context=context, agreement=agreement, topic=report_topic(report), formal=True)
    queue_mail(event="report_issued", recipients=members(agreement, [Role.AUDITOR]),
               context=context, agreement=agreement, topic=report_topic(report))


def _answer(*, report: IssuedReport, kind: str, comments: str,
            acting_user: AbstractBaseUser) -> ReportResponse:
    agreement = report.fund.agreement
    # The Government's own act: its officers on this fund, not an administrator for them.
    if access.role_in(acting_user, agreement) != Role.GOVERNMENT or not access.can(
            acting_user, agreement, Capability.ANSWER_REPORT):
        raise PermissionDenied
    comments = comments.strip()
    with transaction.atomic():
        report = IssuedReport.objects.select_for_update().defer("pdf", "figures").get(
            pk=report.pk)
        if IssuedReport.objects.filter(fund_id=report.fund_id, kind=report.kind,
                                       year=report.year, version__gt=report.version).exists():
            raise ValidationError(_("Version %(n)s has been replaced by a later version; "
                                    "answer the latest.") % {"n": report.version})
        earlier = ReportResponse.objects.filter(report=report).first()
        if earlier is not None:
            raise ValidationError(_("Version %(n)s was already answered: %(answer)s.")
                                  % {"n": report.version, "answer": earlier.get_kind_display()})
        if kind == ReportResponse.Kind.RETURNED and not comments:
            raise ValidationError({"comments": _(
                "Say what needs correcting: a report is returned with comments.")})
        response = ReportResponse.objects.create(report=report, kind=kind, comments=comments,
                                                 answered_by=acting_user)
        record_event(action=f"report.{kind}", acting_user=acting_user, agreement=agreement,
                     summary=f"{report}: {response.get_kind_display()}",
                     details={"report": report.pk, "sha256": report.sha256})
        link = portal_link(reverse("reports:report", args=[agreement.slug, report.kind,
                                                           report.year]))
        issuers = members(agreement, access.roles_with(ISSUER[report.kind]))
        queue_mail(event="report_answered", recipients=issuers, agreement=agreement,
                   topic=report_topic(report),
                   context={"report": report, "response": response, "link": link,
                            "agreement": agreement})
    return response


def acknowledge_report(*, report: IssuedReport, acting_user: AbstractBaseUser
                       ) -> ReportResponse:
    """A Government officer records that the Government received this version."""
    return _answer(report=report, kind=ReportResponse.Kind.ACKNOWLEDGED, comments="",
                   acting_user=acting_user)


def return_report(*, report: IssuedReport, comments: str, acting_user: AbstractBaseUser
                  ) -> ReportResponse:
    """A Government officer returns this version with comments asking for a correction."""
    return _answer(report=report, kind=ReportResponse.Kind.RETURNED, comments=comments,
                   acting_user=acting_user)


def delivered_reports(report_ids: list[int]) -> set[int]:
    """Which of these issued versions reached at least one Government officer's mail server
    (the delivery under Art. 5)."""
    topics = {f"report:{pk}": pk for pk in report_ids}
    sent = OutboxMessage.objects.filter(topic__in=list(topics), event="report_delivered",
                                        status=OutboxMessage.Status.SENT)
    return {topics[topic] for topic in sent.values_list("topic", flat=True).distinct()}
