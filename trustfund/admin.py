"""The portal's admin site: for administrators (superusers) only.

The admin shows every fund at once, so it is not offered to fund members, whose access goes
through `agreements.access`; they work in the portal's pages.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest


class PortalAdminSite(AdminSite):
    site_header = "Trust fund portal administration"
    site_title = "Trust fund portal"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)
