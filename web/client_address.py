"""The address of the person behind a request, for sign-in lockouts (django-axes) and the
API's throttles (docs/operations.md#behind-a-proxy).

Behind N trusted reverse proxies that each append the address they received the request
from to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`), the client is the N-th
address from the right of that header: what the outermost trusted proxy saw. Anything to its
left was written by the client and is not trusted. Without a trusted proxy the header is
ignored and REMOTE_ADDR is the client. (django-ipware counts proxies differently: its
proxy_count leaves out the proxy whose address is REMOTE_ADDR, and one nginx in front gives
no answer at all, so the rule is written out here.)"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
