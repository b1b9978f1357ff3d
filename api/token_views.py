"""The tokens pages: a person's own API tokens (/api/tokens/), and a fund's service accounts
with their tokens, for the fund's administrators (/api/funds/<slug>/service-accounts/).
Tokens are made and revoked through api.tokens, accounts through accounts.service_accounts;
the pages list the tokens still valid with their scope and last use (api.TokenUse)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken

from accounts.models import User
from accounts.service_accounts import create_service_account
from agreements import access
from agreements.access import Capability
from agreements.models import Membership
from api.models import TokenScope
from api.tokens import (
    MAX_DAYS,
    create_api_token,
    own_tokens,
    revoke_api_token,
    service_account_tokens,
    service_accounts_of,
)
from budget.models import Fund
from web.access import fund_access
from web.refusals import act_on_form

Access = TokenScope.Access


class TokenForm(forms.Form):
    fund = forms.ChoiceField(label=_("Fund"), required=False)
    # Omitted (as by the form of before scopes): read and post, what a token always did.
    access = forms.TypedChoiceField(label=_("Access"), choices=Access.choices, required=False,
                                    empty_value=Access.READ_AND_POST,
                                    initial=Access.READ_AND_POST)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS,
                              initial=90)

    def __init__(self, *args, funds: list[Fund], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.funds = {fund.agreement.slug: fund for fund in funds}
        self.fields["fund"].choices = [("", _("All my funds"))] + [
            (slug, fund.project_number) for slug, fund in self.funds.items()]

    def clean_fund(self) -> Fund | None:
        return self.funds.get(self.cleaned_data["fund"])


def visible_funds(user) -> list[Fund]:
    return list(Fund.objects.filter(agreement__in=access.visible_agreements(user))
                .select_related("agreement").order_by("project_number"))


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, funds=visible_funds(request.user))
    created = None
    if request.method == "POST":
        made = act_on_form(form, lambda data: create_api_token(
            owner=request.user, days=data["days"], fund=data["fund"], level=data["access"],
            acting_user=request.user))
        created = made[1] if made else None
    return render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": own_tokens(request.user)})


@require_POST
def revoke(request: HttpRequest, key: str) -> HttpResponse:
    token = get_object_or_404(AuthToken.objects.select_related("user"), user=request.user,
                              token_key=key)
    revoke_api_token(token=token, acting_user=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("api:tokens")


class ServiceAccountForm(forms.Form):
    name = forms.CharField(label=_("System"), max_length=150,
                           help_text=_("The system that will use the API, e.g. the "
                                       "Government's ERP."))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ServiceTokenForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Service account"), queryset=User.objects.none())
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices,
                               initial=Access.READ_ONLY)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS,
                              initial=90)


@require_http_methods(["GET", "POST"])
def service_accounts(request: HttpRequest, slug: str) -> HttpResponse:
    """The fund's service accounts and their tokens; a new account, or a new token for one
    (for this fund only)."""
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    accounts = service_accounts_of(page.agreement)
    posted = request.POST if request.method == "POST" else None
    account_form = ServiceAccountForm(posted if "account-name" in request.POST else None,
                                      prefix="account")
    token_form = ServiceTokenForm(posted if "token-owner" in request.POST else None,
                                  prefix="token")
    token_form.fields["owner"].queryset = accounts.filter(is_active=True)
    created = None
    if account_form.is_bound and act_on_form(account_form, lambda data: create_service_account(
            agreement=page.agreement, acting_user=request.user, **data)):
        messages.success(request, _("Service account made; give it a token below."))
        return redirect("api:service_accounts", slug=slug)
    if token_form.is_bound:
        made = act_on_form(token_form, lambda data: create_api_token(
            owner=data["owner"], days=data["days"], fund=page.fund, level=data["access"],
            acting_user=request.user))
        created = made[1] if made else None
    roles = dict(Membership.objects.filter(agreement=page.agreement, user__in=accounts)
                 .values_list("user_id", "role"))
    listed = list(accounts)
    for account in listed:
        account.role = Membership.Role(roles[account.pk]).label
    return render(request, "api/service_accounts.html", page.context(
        "members", accounts=listed, account_form=account_form, token_form=token_form,
        created=created, tokens=service_account_tokens(request.user, page.agreement)))


@require_POST
def service_account_revoke(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    page = fund_access(request, slug, Capability.MANAGE_MEMBERS)
    token = service_account_tokens(request.user, page.agreement).filter(token_key=key).first()
    if token is None:
        raise Http404
    revoke_api_token(token=token, acting_user=request.user)
    messages.success(request, _("Token revoked."))
    return redirect("api:service_accounts", slug=slug)
