"""Reading a page's table as a person reads it: the text of each cell, row by row."""

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class, self.depth, self.rows = css_class, 0, []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self.depth or self.css_class in classes):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, css_class: str) -> list[list[str]]:
    """The rows (header and footer included) of the tables with `css_class`."""
    reader = _Tables(css_class)
    reader.feed(html)
    return reader.rows
