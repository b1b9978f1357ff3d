"""The reports' two charts, drawn once as SVG and used on the page and in the PDF: budget
against expenditure per line, and cumulative expenditure over time. Presentation attributes
only (no style attribute), so the page's Content Security Policy is kept."""

from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from budget.amounts import format_amount

WIDTH, BAR_HEIGHT, GAP, LABEL = 640, 14, 10, 150
FONT = 'font-family="Report Sans, DejaVu Sans, sans-serif"'


def _money(value: Decimal) -> str:
    return format_amount(value, places=0)


def budget_chart(lines: list[tuple[str, Decimal, Decimal]]) -> str:
    """lines: (label, budget, expenditure to date). Floats here are pixel positions only;
    every amount printed is formatted from its Decimal."""
    # Labels first: gettext's extractor does not look inside f-strings.
    title = escape(_("Budget and expenditure per budget line"))
    budget_label, expenditure_label = escape(_("budget")), escape(_("expenditure"))
    top = max([max(budget, spent) for _label, budget, spent in lines] or [Decimal(1)]) or 1
    scale = (WIDTH - LABEL - 90) / float(top)
    height = len(lines) * (2 * BAR_HEIGHT + GAP) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{title}">', f'<title>{title}</title>']
    y = 10
    for label, budget, spent in lines:
        parts.append(f'<text x="0" y="{y + BAR_HEIGHT}" font-size="11" '
                     f'{FONT}>{escape(label)}</text>')
        for value, colour, offset in ((budget, "#9db8d2", 0), (spent, "#005a9c", BAR_HEIGHT)):
            bar = max(float(value) * scale, 0)
            parts.append(f'<rect x="{LABEL}" y="{y + offset}" width="{bar:.1f}" '
                         f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL + bar + 4:.1f}" y="{y + offset + BAR_HEIGHT - 3}" '
                         f'font-size="10" {FONT}>{_money(value)}</text>')
        y += 2 * BAR_HEIGHT + GAP
    parts.append(f'<rect x="{LABEL}" y="{y + 4}" width="10" height="10" fill="#9db8d2"/>'
                 f'<text x="{LABEL + 14}" y="{y + 13}" font-size="10" '
                 f'{FONT}>{budget_label}</text>'
                 f'<rect x="{LABEL + 80}" y="{y + 4}" width="10" height="10" fill="#005a9c"/>'
                 f'<text x="{LABEL + 94}" y="{y + 13}" font-size="10" '
                 f'{FONT}>{expenditure_label}</text></svg>')
    return "".join(parts)


def cumulative_chart(series: list[tuple[date, Decimal]], total_budget: Decimal) -> str:
    """Cumulative expenditure (reserve and PSC included) by value date, against the budget."""
    height, left, bottom, right = 260, 70, 30, 20
    title = escape(_("Cumulative expenditure over time"))
    budget_label = escape(_("budget %(amount)s") % {"amount": _money(total_budget)})
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{title}">', f'<title>{title}</title>']
    plot_w, plot_h = WIDTH - left - right, height - bottom - 20
    top = float(max(total_budget, series[-1][1] if series else Decimal(0)) or 1)
    parts.append(f'<line x1="{left}" y1="{20 + plot_h}" x2="{left + plot_w}" '
                 f'y2="{20 + plot_h}" stroke="#57606a"/>')
    parts.append(f'<line x1="{left}" y1="20" x2="{left}" y2="{20 + plot_h}" stroke="#57606a"/>')
    budget_y = 20 + plot_h - float(total_budget) / top * plot_h
    parts.append(f'<line x1="{left}" y1="{budget_y:.1f}" x2="{left + plot_w}" '
                 f'y2="{budget_y:.1f}" stroke="#b3261e" stroke-dasharray="4 3"/>'
                 f'<text x="{left + 4}" y="{budget_y - 4:.1f}" font-size="10" '
                 f'{FONT}>{budget_label}</text>')
    if series:
        first, last = series[0][0].toordinal(), series[-1][0].toordinal()
        span = max(last - first, 1)
        points = []
        previous_y = 20 + plot_h
        for day, value in series:
            x = left + (day.toordinal() - first) / span * plot_w
            y = 20 + plot_h - float(value) / top * plot_h
            points.append(f"{x:.1f},{previous_y:.1f} {x:.1f},{y:.1f}")
            previous_y = y
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#005a9c" '
                     f'stroke-width="2"/>')
        spent_label = escape(_("%(amount)s spent") % {"amount": _money(series[-1][1])})
        parts.append(f'<text x="{left}" y="{height - 8}" font-size="10" '
                     f'{FONT}>{series[0][0].isoformat()}</text>'
                     f'<text x="{left + plot_w - 70}" y="{height - 8}" font-size="10" '
                     f'{FONT}>{series[-1][0].isoformat()}</text>'
                     f'<text x="{left + plot_w - 120}" y="{y - 6:.1f}" font-size="10" '
                     f'{FONT}>{spent_label}</text>')
    parts.append("</svg>")
    return "".join(parts)
