"""Registering and removing a fund's webhooks: the acts, each with its audit row
(docs/webhooks.md#who-registers).

Who may: the fund's DESA finance officers (they post the ledger the events mostly tell of)
and its administrators (they manage who has access to the fund); an administrator of the
portal too. Not the Government's officers nor auditors: see docs/webhooks.md."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import access
from agreements.access import Capability
from audit.actions import record_event
from budget.models import Fund
from webhooks.addresses import url_refusal
from webhooks.events import EVENT_TYPES
from webhooks.models import Delivery, Subscription
from webhooks.signing import new_secret

# Holding either of these on the fund lets a person manage its webhooks.
MANAGING = (Capability.POST_LEDGER, Capability.MANAGE_MEMBERS)
MAX_ACTIVE = 10


def may_manage(capabilities: Iterable[Capability]) -> bool:
    return any(capability in MANAGING for capability in capabilities)


def _require(acting_user: AbstractBaseUser, fund) -> None:
    if not may_manage(access.capabilities_of(acting_user, fund.agreement)):
        raise PermissionDenied


def check_subscription(*, url: str, events: list[str]) -> None:
    """Refuse, field by field, an address or an event list that cannot be registered."""
    errors: dict[str, list[str]] = {}
    refusal = url_refusal(url)
    if refusal:
        errors["url"] = [refusal]
    unknown = [event for event in events if event not in EVENT_TYPES]
    if unknown:
        errors["events"] = [_("Unknown event type: %(events)s. Known: %(known)s.") % {
            "events": ", ".join(unknown), "known": ", ".join(EVENT_TYPES)}]
    elif not events:
        errors["events"] = [_("Name at least one event type.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_subscription(*, fund: Fund, url: str, events: list[str],
                          acting_user: AbstractBaseUser) -> Subscription:
    """Register an address for the fund's events; the new subscription carries its secret,
    which the caller shows once."""
    _require(acting_user, fund)
    check_subscription(url=url, events=events)
    # The fund's row, so that two registrations at once cannot both pass the limit.
    Fund.objects.select_for_update().get(pk=fund.pk)
    if Subscription.objects.filter(fund=fund, active=True).count() >= MAX_ACTIVE:
        raise ValidationError(_("A fund has at most %(n)s active webhooks; remove one first.")
                              % {"n": MAX_ACTIVE})
    subscription = Subscription.objects.create(
        fund=fund, url=url, secret=new_secret(), events=list(dict.fromkeys(events)),
        created_by=acting_user)
    record_event(action="webhook.registered", acting_user=acting_user,
                 agreement=fund.agreement,
                 summary=f"Webhook {subscription.pk} registered: {url} "
                         f"({', '.join(subscription.events)})",
                 details={"subscription": subscription.pk, "url": url,
                          "events": subscription.events})
    return subscription


@transaction.atomic
def remove_subscription(*, subscription: Subscription,
                        acting_user: AbstractBaseUser) -> Subscription:
    """Stop a subscription: nothing more is written or sent to it, and what was waiting is
    cancelled. It stays listed, with its deliveries, as removed. Removing it again changes
    nothing."""
    subscription = Subscription.objects.select_for_update(of=("self",)).select_related(
        "fund__agreement").get(pk=subscription.pk)
    _require(acting_user, subscription.fund)
    if not subscription.active:
        return subscription
    subscription.active = False
    subscription.deactivated_by = acting_user
    subscription.deactivated_at = timezone.now()
    subscription.save(update_fields=["active", "deactivated_by", "deactivated_at"])
    cancelled = subscription.deliveries.filter(status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.CANCELLED, next_attempt_at=None)
    record_event(action="webhook.removed", acting_user=acting_user,
                 agreement=subscription.fund.agreement,
                 summary=f"Webhook {subscription.pk} removed: {subscription.url}"
                         + (f" ({cancelled} waiting deliveries cancelled)" if cancelled else ""),
                 details={"subscription": subscription.pk, "url": subscription.url,
                          "cancelled": cancelled})
    return subscription
