"""A deployment check (`manage.py check --deploy`): the portal's public address is printed on
every issued report (its verification page and QR code) and in every mail, so in production it
must be an https address others can reach, not this machine's
(docs/reports.md#verifying-a-printed-report)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

LOCAL_NAMES = {"localhost", "localhost.localdomain", ""}


def _local(host: str) -> bool:
    if host.lower() in LOCAL_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


@register(Tags.security, deploy=True)
def check_portal_url(app_configs=None, **kwargs) -> list[CheckMessage]:
    address = urlsplit(settings.PORTAL_URL)
    problems = []
    if address.scheme != "https":
        problems.append("it is not an https address")
    if _local(address.hostname or ""):
        problems.append("it names this machine or a private network, which readers of a "
                        "report cannot reach")
    if not problems:
        return []
    return [Warning(
        f"PORTAL_URL ({settings.PORTAL_URL}) is printed on every issued report and in every "
        f"mail, but {' and '.join(problems)}.",
        hint="Set PORTAL_URL to the portal's public https address before issuing reports.",
        id="reports.W001")]
