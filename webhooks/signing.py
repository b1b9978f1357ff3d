"""The signature a receiver checks (docs/webhooks.md#verifying): HMAC-SHA256 of
`<timestamp>.<body>` with the subscription's secret, sent as `sha256=<hex>`, with the
timestamp in its own header so a receiver can refuse an old request replayed."""

import hashlib
import hmac
import secrets

PREFIX = "sha256="


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return PREFIX + digest.hexdigest()
