"""The agreement's article and annex texts, rendered from Markdown for reading on a page."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown_it import MarkdownIt

# Raw HTML is off, so whatever the text holds is escaped; links are checked by markdown-it.
_renderer = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


# A table scrolls in a box of its own on a narrow screen, which the keyboard can reach
# (docs/accessibility.md): a group, not a landmark (a text may hold many tables). An empty
# header cell (a table's corner) is a data cell.
def _table_open(self, tokens, idx, options, env) -> str:
    box = format_html('<div class="table-scroll" tabindex="0" role="group" aria-label="{}">',
                      gettext("Table"))
    return box + self.renderToken(tokens, idx, options, env)


def _table_close(self, tokens, idx, options, env) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _empty(token) -> bool:
    return token.type == "inline" and not token.content.strip()


def _th_open(self, tokens, idx, options, env) -> str:
    return "<td>" if _empty(tokens[idx + 1]) else self.renderToken(tokens, idx, options, env)


def _th_close(self, tokens, idx, options, env) -> str:
    return "</td>" if _empty(tokens[idx - 1]) else self.renderToken(tokens, idx, options, env)


for _name, _rule in (("table_open", _table_open), ("table_close", _table_close),
                     ("th_open", _th_open), ("th_close", _th_close)):
    _renderer.add_render_rule(_name, _rule)


def render_text(markdown: str) -> SafeString:
    return mark_safe(_renderer.render(markdown))  # noqa: S308 - html disabled above
