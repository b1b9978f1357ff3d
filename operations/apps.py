from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the portal: the database roles, backups and their checks."""

    name = "operations"
    verbose_name = "Operations"
