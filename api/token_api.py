"""API tokens through the API itself (/api/v1/tokens/): list the tokens one may see, make one
(for oneself, or for a service account of a fund one administers) and revoke one, through
the same acts as the tokens pages (api.tokens). The secret is in the creation's answer only;
it is never stored, not even for an Idempotency-Key's replay
(docs/access.md#service-accounts-and-scoped-tokens)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from agreements import access
from api.idempotency import idempotent
from api.models import TokenScope
from api.parsers import JSONParser
from api.serializers import ErrorSerializer
from api.tokens import MAX_DAYS, create_api_token, revoke_api_token, tokens_visible_to
from api.views import ERRORS, IDEMPOTENCY
from budget.models import Fund


class TokenInput(serializers.Serializer):
    owner = serializers.CharField(
        required=False, max_length=150,
        help_text="The user name of a service account of a fund you administer; omitted: "
                  "the token is yours.")
    fund = serializers.SlugField(
        required=False, max_length=50,
        help_text="The fund the token reaches (its identifier, e.g. int-14-x46-a); omitted: "
                  "every fund of its owner (not for a service account).")
    access = serializers.ChoiceField(choices=TokenScope.Access.choices,
                                     help_text="read_only: GET only; read_and_post: also "
                                               "what the owner's role allows.")
    days = serializers.IntegerField(min_value=1, max_value=MAX_DAYS, default=90,
                                    help_text="How long the token is valid.")


def _scope(token: AuthToken) -> TokenScope | None:
    try:
        return token.scope
    except TokenScope.DoesNotExist:
        return None  # made before scopes: all of its owner's funds, read and post


class TokenSerializer(serializers.Serializer):
    key = serializers.CharField(source="token_key",
                                help_text="The secret's first characters, to tell tokens "
                                          "apart; not the secret.")
    owner = serializers.CharField(source="user.username")
    service_account = serializers.BooleanField(source="user.is_service_account")
    fund = serializers.SerializerMethodField()
    access = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    expires = serializers.DateTimeField(source="expiry", allow_null=True)
    last_used = serializers.DateTimeField(source="last_used_at", allow_null=True,
                                          help_text="To the minute; null: never used.")

    def get_fund(self, token: AuthToken) -> str | None:
        scope = _scope(token)
        return scope.fund.agreement.slug if scope and scope.fund else None

    def get_access(self, token: AuthToken) -> str:
        scope = _scope(token)
        return scope.access if scope else TokenScope.Access.READ_AND_POST


class TokenCreatedSerializer(TokenSerializer):
    secret = serializers.CharField(
        required=False,
        help_text="The token, for `Authorization: Token <secret>`: in this answer only. A "
                  "replay of the request (same Idempotency-Key) answers without it.")


IDEMPOTENCY_REUSED = {422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key "
                                                                        "reused with another "
                                                                        "body")}


def _fund(request: Request, slug: str | None) -> Fund | None:
    """The fund named, among those the user sees (through their token's scope): another
    is answered as unknown, so that its existence is not revealed."""
    if slug is None:
        return None
    fund = (Fund.objects.select_related("agreement")
            .filter(agreement__in=access.visible_agreements(request.user),
                    agreement__slug=slug).first())
    if fund is None:
        raise ValidationError({"fund": [_("You have no fund with this identifier.")]})
    return fund


def _owner(request: Request, username: str | None) -> User:
    if username is None or username == request.user.get_username():
        return request.user
    owner = User.objects.filter(username=username, is_service_account=True).first()
    if owner is None:
        raise ValidationError({"owner": [_("There is no service account with this user "
                                           "name.")]})
    return owner


class Tokens(APIView):
    # JSON only: in a form an empty field would read as omitted, and an empty "fund" would
    # make a token for every fund of its owner.
    parser_classes = [JSONParser]

    @extend_schema(responses={200: TokenSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """Your tokens and those of the service accounts of the funds you administer, still
        valid, with their scope, expiry and last use; never their secrets."""
        return Response(TokenSerializer(tokens_visible_to(request.user), many=True).data)

    @extend_schema(request=TokenInput, parameters=[IDEMPOTENCY],
                   responses={201: TokenCreatedSerializer, **ERRORS, **IDEMPOTENCY_REUSED})
    def post(self, request: Request) -> Response:
        """Make a token; its secret is in this answer only."""
        data_in = TokenInput(data=request.data)
        data_in.is_valid(raise_exception=True)
        data = data_in.validated_data
        fund, owner = _fund(request, data.get("fund")), _owner(request, data.get("owner"))
        shown = {}

        def act() -> Response:
            token, secret = create_api_token(
                owner=owner, days=data["days"], fund=fund, level=data["access"],
                acting_user=request.user, made_with_token_expiring=(
                    request.auth.expiry if isinstance(request.auth, AuthToken) else None))
            shown["secret"] = secret
            token.last_used_at = None
            return Response(TokenSerializer(token).data, status=status.HTTP_201_CREATED)

        response = idempotent(request, fund, act)
        if "secret" in shown and response.status_code == status.HTTP_201_CREATED:
            # Added after the Idempotency-Key's row kept the answer: the secret is never
            # stored.
            response.data = {**response.data, "secret": shown["secret"]}
        return response


def _revoke(request: Request, key: str) -> Response:
    token = tokens_visible_to(request.user).filter(token_key=key).first()
    scope = _scope(token) if token is not None else None

    def act() -> Response:
        # Looked for first, answered here: a retry of a revocation that succeeded replays
        # its answer rather than a 404.
        if token is None:
            raise NotFound(_("No such token, or not yours."))
        answer = TokenSerializer(token).data  # before it is gone
        revoke_api_token(token=token, acting_user=request.user)
        return Response(answer)

    return idempotent(request, scope.fund if scope else None, act)


class TokenRevoke(APIView):
    @extend_schema(request=None, parameters=[IDEMPOTENCY],
                   responses={200: TokenSerializer, **ERRORS, **IDEMPOTENCY_REUSED})
    def post(self, request: Request, key: str) -> Response:
        """Revoke a token: it is refused (401) from now on. Answers with the token as it
        was."""
        return _revoke(request, key)


class TokenDetail(APIView):
    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, key: str) -> Response:
        """Revoke a token, as POST …/revoke/ does."""
        response = _revoke(request, key)
        if response.status_code != status.HTTP_200_OK:
            return response
        return Response(status=status.HTTP_204_NO_CONTENT)

