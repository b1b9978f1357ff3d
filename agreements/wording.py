"""Titles in the portal's languages: a fund definition gives each title in English and, where
it has them, in Kazakh and Russian (`title_kk`, `title_ru`); pages and reports show the
reader's, English where there is none (docs/decisions/0011-three-languages.md)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def in_reader_language(title: str, titles: dict[str, str]) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return titles.get(language) or title


class TitledInLanguages(models.Model):
    titles = models.JSONField(_("title in other languages"), default=dict, blank=True,
                              help_text=_('For example {"kk": "…", "ru": "…"}.'))

    class Meta:
        abstract = True

    @property
    def title_here(self) -> str:
        """The title in the reader's language."""
        return in_reader_language(self.title, self.titles)
