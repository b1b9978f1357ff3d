"""Each Article 5 report as one document: its header and its tables of figures. Pages, PDFs,
XLSX and CSV all render this document, and an issued version stores it, so that every
format of an issue shows the same figures forever."""

from datetime import date

from django.utils.translation import gettext as _

from agreements.models import Signatory
from budget.amounts import format_amount
from budget.models import Entry, Fund
from budget.models.ledger import ZERO
from budget.pledges import pledge_position
from forum import progress
from reports import statements
from reports.charts import budget_chart, cumulative_chart
from reports.models import Narrative, ReportKind

NUM = "num"
COUNT = "count"  # a whole number in a numeric column: no decimals


def _header(fund: Fund, kind: str, year: int, period: str) -> dict:
    parties = [s.party.name for s in Signatory.objects.filter(
        agreement=fund.agreement).select_related("party").order_by("order")]
    preparer = (_("United Nations Accounts Division (recorded by DESA)")
                if kind == ReportKind.STATEMENT else _("DESA"))
    return {"kind": kind, "title": str(ReportKind(kind).label), "year": year,
            "project": fund.project_number, "project_title": fund.title_here,
            "agreement": fund.agreement.title_here, "agreement_kk": _kazakh_title(fund),
            "parties": parties, "period": period,
            "preparer": preparer, "currency": "USD"}


def _kazakh_title(fund: Fund) -> str:
    """The agreement's title in the Kazakh text (its second heading: the first is the law
    that ratifies it)."""
    headings = [line[2:].strip() for line in fund.agreement.text_kk.splitlines()
                if line.startswith("# ")]
    return headings[1] if len(headings) > 1 else (headings[0] if headings else "")


def _analysis_table(analysis: statements.BudgetAnalysis, title: str) -> dict:
    return {"title": title,
            "columns": [{"title": _("Budget line")},
                        {"title": _("Current budget"), NUM: True},
                        {"title": _("Expenditure, earlier years"), NUM: True},
                        {"title": _("Expenditure in the year"), NUM: True},
                        {"title": _("Cumulative expenditure"), NUM: True},
                        {"title": _("Open commitments"), NUM: True},
                        {"title": _("Reserve held by open commitments"), NUM: True},
                        {"title": _("Unspent balance"), NUM: True},
                        {"title": _("Budget needs, later years"), NUM: True}],
            # Each row adds up on its face: budget - cumulative - open commitments - the
            # reserve they hold = budget needs in later years (docs/reports.md#budget-analysis).
            "rows": [{"kind": row.kind, "cells": [
                row.label, str(row.figures.budget), str(row.figures.earlier_years),
                str(row.figures.this_year), str(row.figures.cumulative),
                str(row.figures.open_commitments), str(row.figures.held_reserve),
                str(row.figures.unspent), str(row.figures.future_requirements)]}
                for row in analysis.rows]}


def _statement_table(statement: statements.FinancialStatement) -> dict:
    rows = statement.as_rows()
    bold = {0, 6, 10}
    return {"title": _("Financial statement for %(y)s") % {"y": statement.year},
            "columns": [{"title": ""}, {"title": "USD", NUM: True}],
            "rows": [{"kind": "total" if i in bold else "line",
                      "cells": [label, str(value)]} for i, (label, value) in enumerate(rows)]}


def _pledges_table(fund: Fund, year: int, sums: statements.LedgerSums) -> dict:
    """The statement's note on contributions: what was pledged (Art. 1.1, by instalment where
    a schedule is agreed), received by the year's end, and outstanding (docs/pledges.md)."""
    received = sums.flows(upto=date(year, 12, 1)).get(Entry.Kind.CONTRIBUTION, ZERO)
    position = pledge_position(fund, received=received, as_of=date(year, 12, 31))
    rows = [{"kind": "line", "cells": [
        (_("Instalment %(n)s, due %(date)s") % {"n": i.number, "date": i.due_on.isoformat()})
        if i.due_on else _("The agreement's sum (Art. 1.1)"),
        str(i.pledged), str(i.received), str(i.outstanding)]} for i in position.instalments]
    if position.received_beyond:
        # So that the rows add up to the total received.
        rows.append({"kind": "line", "cells": [_("Received beyond the pledges"), "",
                                                str(position.received_beyond), ""]})
    rows.append({"kind": "total", "cells": [_("Total"), str(position.pledged),
                                             str(position.received),
                                             str(position.outstanding)]})
    return {"title": _("Note: contributions pledged, received and outstanding at 31 December "
                       "%(y)s") % {"y": year},
            "columns": [{"title": ""}, {"title": _("Pledged"), NUM: True},
                        {"title": _("Received"), NUM: True},
                        {"title": _("Outstanding"), NUM: True}],
            "rows": rows}


def _charts(fund: Fund, analysis: statements.BudgetAnalysis) -> dict:
    lines = [(row.label.split(" ")[0], row.figures.budget, row.figures.cumulative)
             for row in analysis.rows if row.kind in ("line", "psc")]
    total = next(row.figures.budget for row in analysis.rows if row.kind == "grand_total")
    return {"budget": budget_chart(lines),
            "cumulative": cumulative_chart(statements.cumulative_expenditure(fund), total)}


def report_document(fund: Fund, kind: str, year: int) -> dict:
    """The report's document, computed now from the ledger (and the forum, for (a))."""
    if kind == ReportKind.STATEMENT:
        sums = statements.LedgerSums(fund)
        statement = statements.financial_statement(fund, year, sums)
        document = _header(fund, kind, year, _("1 January to 31 December %(y)s") % {"y": year})
        document["tables"] = [_statement_table(statement), _pledges_table(fund, year, sums)]
        return document
    if kind == ReportKind.BUDGET_ANALYSIS:
        analysis = statements.budget_analysis(fund, year)
        document = _header(fund, kind, year, _("as at 31 December %(y)s") % {"y": year})
        document["tables"] = [_analysis_table(analysis, _(
            "Budget analysis in the Annex B format (budget version %(v)s)")
            % {"v": analysis.version_number})]
        document["charts"] = _charts(fund, analysis)
        return document
    if kind == ReportKind.PROGRESS:
        statements.check_year(fund, year)
        document = _header(fund, kind, year, _("1 January to 31 December %(y)s") % {"y": year})
        activities = progress.activities(fund)
        document["tables"] = [
            {"title": _("Activities (Annex B)"),
             "columns": [{"title": "#"}, {"title": _("Activity")}, {"title": _("Status")},
                         {"title": _("Start")}, {"title": _("End")},
                         {"title": _("Responsible")}],
             "rows": [{"kind": "line", "cells": [
                 str(a.number), a.title_here, str(a.get_status_display()),
                 a.starts_on.isoformat() if a.starts_on else "",
                 a.ends_on.isoformat() if a.ends_on else "",
                 str(a.get_coordinator_display())]} for a in activities]},
            {"title": _("Indicators of achievement"),
             "columns": [{"title": ""}, {"title": _("Expected accomplishment")},
                         {"title": _("Indicator")},
                         {"title": _("Value"), NUM: True, COUNT: True}],
             "rows": [{"kind": "line", "cells": [i.accomplishment_code, i.accomplishment,
                                                 i.indicator, str(i.value)]}
                      for i in progress.indicators(fund)]},
        ]
        narrative = Narrative.objects.filter(fund=fund, year=year).first()
        document["objective"] = progress.objective(fund)
        document["sections"] = [
            {"title": _("Summary of progress"), "text": narrative.summary if narrative else ""},
            {"title": _("Challenges and lessons"),
             "text": narrative.challenges if narrative else ""},
            {"title": _("Next steps"), "text": narrative.next_steps if narrative else ""},
        ]
        return document
    report = statements.final_report(fund)
    document = _header(fund, kind, report.statements[-1].year,
                       _("the whole project, to %(d)s") % {"d": report.ended_on.isoformat()})
    years = [s.year for s in report.statements]
    labels = [label for label, _value in report.statements[0].as_rows()]
    document["tables"] = [
        {"title": _("Financial statements, all years"),
         "columns": [{"title": ""}] + [{"title": str(y), NUM: True} for y in years],
         "rows": [{"kind": "line", "cells": [label.split(" 1 January")[0].split(
             " 31 December")[0]] + [str(s.as_rows()[i][1]) for s in report.statements]}
                  for i, label in enumerate(labels)]},
        _analysis_table(report.analysis, _("Final budget analysis in the Annex B format")),
        {"title": _("Unspent balance and reserve (Art. 10, Art. 2.3)"),
         "columns": [{"title": ""}, {"title": "USD", NUM: True}],
         "rows": [{"kind": "line", "cells": [_("Unspent balance"), str(report.unspent)]},
                  {"kind": "line", "cells": [_("Reserve for claims (not refundable)"),
                                             str(report.reserve)]}]
                 + [{"kind": "line", "cells": [
                     f"{d.get_kind_display()} ({d.decided_on.isoformat()}, "
                     f"{d.letter.reference})", str(d.amount)]} for d in report.dispositions]},
        {"title": _("Assets transferred to the Government (Art. 1.4)"),
         "columns": [{"title": _("Asset")}, {"title": _("Cost"), NUM: True},
                     {"title": _("Transferred")}],
         "rows": [{"kind": "line", "cells": [a.description, str(a.cost),
                                             a.transferred_on.isoformat()
                                             if a.transferred_on else _("not yet")]}
                  for a in report.assets]},
    ]
    document["charts"] = _charts(fund, report.analysis)
    return document


def amount(value: str) -> str:
    """"1234.5" -> "1,234.50" in the reader's language; text stays text."""
    try:
        return format_amount(value)
    except ArithmeticError:
        return value
