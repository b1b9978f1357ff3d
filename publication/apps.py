from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "publication"
    verbose_name = _("Open data: IATI and the public factsheet")
    default_auto_field = "django.db.models.BigAutoField"
