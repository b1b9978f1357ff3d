"""The API's rate limits, counted in the shared cache (the database's cache table, or Redis
where configured), so that every worker of every server counts the same requests; the rates
are read from the settings when a request comes, so they can be set per deployment."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class RatesFromSettings:
    def get_rate(self) -> str | None:
        if not settings.API_THROTTLE:
            return None
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonymousRate(RatesFromSettings, AnonRateThrottle):
    pass


class UserRate(RatesFromSettings, UserRateThrottle):
    pass
