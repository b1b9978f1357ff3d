"""The agreement's article and annex texts, rendered from Markdown for reading on a page."""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML is off, so whatever the text holds is escaped; links are checked by markdown-it.
_renderer = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def render_text(markdown: str) -> SafeString:
    return mark_safe(_renderer.render(markdown))  # noqa: S308 - html disabled above
