"""What management commands that write share: the person they act for, so that a load or an
import is attributed like any act on a page (`--user NAME`)."""

from argparse import ArgumentParser

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from accounts.models import User


def add_acting_user_argument(parser: ArgumentParser) -> None:
    parser.add_argument("--user", required=True, metavar="USERNAME",
                        help="who is doing this: recorded as the author of what is written")


def acting_user_named(username: str) -> User:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}; nothing was written.")
    return user
