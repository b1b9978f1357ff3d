"""Which addresses a webhook may be sent to (docs/webhooks.md#addresses).

Only http(s) URLs with a host; never the portal itself (the host of PORTAL_URL or any of
ALLOWED_HOSTS); never a loopback, private, link-local or otherwise non-public address,
unless WEBHOOKS_ALLOW_PRIVATE is on (development and the tests, whose receiver listens on
127.0.0.1). The host is checked as written when the subscription is registered, and the
addresses it resolves to before every attempt, so a name that later points inside is refused
then."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_LENGTH = 500
LOCAL_NAMES = ("localhost", "localhost.localdomain")


def private_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address may not receive webhooks, or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_global and not address.is_multicast:
        return None
    if private_allowed() and (address.is_loopback or address.is_private) \
            and not address.is_unspecified:
        return None
    return _("%(address)s is not a public address.") % {"address": address}


def _own_hosts() -> set[str]:
    hosts = {urlsplit(settings.PORTAL_URL).hostname or ""}
    hosts.update(host.lower() for host in settings.ALLOWED_HOSTS if host != "*")
    return {host.rstrip(".").lower() for host in hosts if host}


def _is_own(host: str) -> bool:
    for own in _own_hosts():
        if own.startswith("."):
            if host == own[1:] or host.endswith(own):
                return True
        elif host == own:
            return True
    return False


def url_refusal(url: str) -> str | None:
    """Why `url` cannot be a webhook's address, or None: checked as written (no lookup)."""
    if len(url) > MAX_LENGTH:
        return _("At most %(n)s characters.") % {"n": MAX_LENGTH}
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _("Not a valid URL.")
    if parts.scheme not in ("http", "https"):
        return _("Only http and https addresses receive webhooks.")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or any(c.isspace() for c in url) or (port is not None and not 0 < port < 65536):
        return _("Not a valid URL.")
    if parts.username or parts.password:
        return _("An address with a user name or password is not accepted; the signature "
                 "authenticates the portal.")
    address = _ip(host)
    # A loopback literal is the test or development receiver beside the portal, allowed with
    # WEBHOOKS_ALLOW_PRIVATE even where ALLOWED_HOSTS names it.
    local_receiver = private_allowed() and address is not None and address.is_loopback
    if _is_own(host) and not local_receiver:
        return _("This is the portal's own address; webhooks go to another system.")
    if address is not None:
        return address_refusal(address)
    if (host in LOCAL_NAMES or host.endswith(".localhost")) and not private_allowed():
        return _("%(host)s is not a public address.") % {"host": host}
    if "." not in host and not private_allowed():
        return _("Give the receiver's full host name.")
    return None


def destination_refusal(url: str) -> str | None:
    """Before an attempt: why the addresses the URL's host resolves to now may not be sent
    to, or None. (A name that cannot be resolved is an ordinary failed attempt.)"""
    refusal = url_refusal(url)
    if refusal:
        return refusal
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError:
        return None
    for _family, _type, _proto, _name, sockaddr in found:
        refusal = address_refusal(ipaddress.ip_address(sockaddr[0].split("%")[0]))
        if refusal:
            return refusal
    return None
