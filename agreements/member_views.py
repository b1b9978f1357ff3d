"""The people of a fund: the member list, and for its administrators the invitations (and
their withdrawal), role changes and removals, and for the portal's administrator the
deactivation of an account (docs/access.md#people-of-a-fund); the page an invitation links
to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.actions import deactivate_user
from agreements.access import Capability, is_administrator
from agreements.actions import (
    accept_invitation,
    change_member_role,
    find_invitation,
    invite_member,
    remove_member,
    withdraw_invitation,
)
from agreements.forms import AcceptInvitationForm, InvitationForm, RoleForm
from agreements.models import Invitation, Membership
from web.access import fund_access
from web.refusals import act_on_form


def _members_page(request: HttpRequest, page, *, invitation_form: InvitationForm | None = None,
                  failed: int | None = None, role_form: RoleForm | None = None
                  ) -> HttpResponse:
    members = list(Membership.objects.filter(agreement=page.agreement)
                   .select_related("user").order_by("role", "user__display_name",
                                                    "user__username"))
    manager = page.can(Capability.MANAGE_MEMBERS)
    for member in members:
        member.form = (role_form if failed == member.pk else RoleForm(
            initial={"role": member.role, "administers": member.administers},
            prefix=f"m{member.pk}")) if manager else None
    pending = (Invitation.objects.filter(agreement=page.agreement, accepted_at=None,
                                         withdrawn_at=None, expires_at__gt=timezone.now())
               .select_related("invited_by") if manager else [])
    return render(request, "agreements/members.html", page.context(
        "members", members=members, manager=manager, pending=pending,
        deactivates=is_administrator(request.user),
        invitation_form=invitation_form or InvitationForm(initial={
            "language": get_language()})))


@require_http_methods(["GET"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    return _members_page(request, fund_access(request, slug))


@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    form = InvitationForm(request.POST)
    invited = act_on_form(form, lambda data: invite_member(
        agreement=page.agreement, acting_user=request.user, **data))
    if invited is None:
        return _members_page(request, page, invitation_form=form)
    messages.success(request, _("Invitation sent to %(email)s; it works for seven days.")
                     % {"email": invited.email})
    return redirect("agreements:members", slug=slug)


@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    membership = get_object_or_404(Membership, agreement=page.agreement, pk=pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if act_on_form(form, lambda data: change_member_role(
            membership=membership, acting_user=request.user, **data)) is None:
        return _members_page(request, page, failed=membership.pk, role_form=form)
    messages.success(request, _("Recorded."))
    return redirect("agreements:members", slug=slug)


@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    membership = get_object_or_404(Membership, agreement=page.agreement, pk=pk)
    try:
        remove_member(membership=membership, acting_user=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(person)s no longer has a role on this fund.")
                         % {"person": membership.user})
    return redirect("agreements:members", slug=slug)


def _report(request: HttpRequest, act, done: str) -> None:
    """A button's act: its refusal, or `done`, as a message on the page it returns to."""
    try:
        act()
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


@require_POST
def invitation_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    invitation = get_object_or_404(Invitation, agreement=page.agreement, pk=pk)
    _report(request, lambda: withdraw_invitation(invitation=invitation,
                                                 acting_user=request.user),
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email})
    return redirect("agreements:members", slug=slug)


@require_POST
def member_deactivate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The portal administrator deactivates a member's account (on every fund)."""
    page = fund_access(request, slug)
    if not is_administrator(request.user):
        raise PermissionDenied
    membership = get_object_or_404(Membership.objects.select_related("user"),
                                   agreement=page.agreement, pk=pk)
    _report(request, lambda: deactivate_user(user=membership.user, acting_user=request.user),
            _("%(person)s can no longer sign in; their sessions and API tokens have ended.")
            % {"person": membership.user})
    return redirect("agreements:members", slug=slug)


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, secret: str) -> HttpResponse:
    """The invited person chooses a user name and a password; then they sign in."""
    try:
        invitation = find_invitation(secret)
    except ValidationError as refusal:
        return render(request, "agreements/invitation.html",
                      {"refusal": " ".join(refusal.messages)}, status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and act_on_form(form, lambda data: accept_invitation(
            secret=secret, **data)) is not None:
        messages.success(request, _("Your account is ready: sign in with your user name and "
                                    "password."))
        return redirect("login")
    response = render(request, "agreements/invitation.html",
                      {"invitation": invitation, "form": form})
    response["Referrer-Policy"] = "no-referrer"  # the secret is in this page's address
    return response
