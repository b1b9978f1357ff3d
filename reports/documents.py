"""Each Article 5 report as one document: its header and its tables of figures. Pages, PDFs,
XLSX and CSV all render this document, and an issued version stores it, so that every
format of an issue shows the same figures forever."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import Signatory
from budget.amounts import format_amount
from budget.models import BudgetLine, Entry, Fund
from budget.models.ledger import ZERO
from budget.pledges import pledge_position
from forum import progress
from reports import statements
from reports.charts import budget_chart, cumulative_chart
from reports.models import Narrative, ReportKind

NUM = "num"
COUNT = "count"  # a whole number in a numeric column: no decimals


def _title(fund: Fund, kind: str, year: int) -> str:
    """The report's heading in words (not the Art. 5 letter of the calendar)."""
    names = {"title": fund.title_here, "number": fund.project_number, "y": year}
    if kind == ReportKind.STATEMENT:
        return _("Financial statement of the trust fund for %(title)s (%(number)s) for the "
                 "year ended 31 December %(y)s") % names
    if kind == ReportKind.BUDGET_ANALYSIS:
        return _("Budget analysis of the trust fund for %(title)s (%(number)s) as at "
                 "31 December %(y)s") % names
    if kind == ReportKind.PROGRESS:
        return _("Progress report on the project %(title)s (%(number)s) for %(y)s") % names
    return _("Final report and final budget analysis of the trust fund for %(title)s "
             "(%(number)s)") % names


def _header(fund: Fund, kind: str, year: int, period: str) -> dict:
    parties = [s.party.name for s in Signatory.objects.filter(
        agreement=fund.agreement).select_related("party").order_by("order")]
    preparer = (_("United Nations Accounts Division (recorded by DESA)")
                if kind == ReportKind.STATEMENT else _("DESA"))
    return {"kind": kind, "title": _title(fund, kind, year), "year": year,
            "project": fund.project_number, "project_title": fund.title_here,
            "fund": _("Trust fund for technical cooperation %(number)s")
            % {"number": fund.project_number},
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


STATEMENT_TOTALS = {0, 6, 10}  # the opening and closing balances, the balance available


def _statement_table(statement: statements.FinancialStatement,
                     prior: statements.FinancialStatement | None) -> dict:
    """The year and the year before side by side; the prior column is empty in the fund's
    first year."""
    rows = statement.as_rows()
    earlier = prior.as_rows() if prior is not None else [("", "")] * len(rows)
    return {"title": _("Statement of cash and open commitments"),
            "columns": [{"title": ""}, {"title": str(statement.year), NUM: True},
                        {"title": str(statement.year - 1), NUM: True}],
            "rows": [{"kind": "total" if i in STATEMENT_TOTALS else "line",
                      "cells": [label, str(value), str(earlier[i][1])]}
                     for i, (label, value) in enumerate(rows)]}


def _percent(rate: Decimal) -> str:
    """0.1300 -> "13%"."""
    return f"{format_amount(rate * 100, places=_places(rate * 100, 0))}%"


def _places(value: Decimal, least: int) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(least, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


def _rates_table(fund: Fund) -> dict:
    return {"title": _("Note: rates charged to the fund"),
            "columns": [{"title": _("Charge")}, {"title": _("Rate")}],
            "rows": [{"kind": "line", "cells": [
                         _("Programme support costs, on all expenditure (Art. 2.2)"),
                         _percent(fund.psc_rate)]},
                     {"kind": "line", "cells": [
                         _("Reserve for claims, on net base salaries and honoraria "
                           "(Art. 2.3)"), _percent(fund.reserve_rate)]}]}


def _exchange_rates_table(fund: Fund, year: int) -> dict:
    return {"title": _("Note: UN operational rates of exchange used in %(y)s") % {"y": year},
            "columns": [{"title": _("Month")}, {"title": _("Currency")},
                        {"title": _("Units per USD")}],
            "rows": [{"kind": "line", "cells": [
                date_format(used.month, "YEAR_MONTH_FORMAT"), used.currency,
                format_amount(used.rate, places=_places(used.rate, 2))]}
                for used in statements.exchange_rates_used(fund, year)]}


def _line_titles(fund: Fund, codes: list[str]) -> dict[str, str]:
    """Each code's title in the latest budget version that has it (one query)."""
    titles: dict[str, str] = {}
    for line in (BudgetLine.objects.filter(version__fund=fund, code__in=codes)
                 .order_by("version__number")):
        titles[line.code] = line.title_here
    return titles


def _open_commitments_table(fund: Fund, year: int, sums: statements.LedgerSums) -> dict:
    year_end = date(year, 12, 31)
    held = statements.open_commitments(sums, year_end)
    codes = sorted(code for code in set(held.by_line) | set(held.reserve_by_line)
                   if held.by_line.get(code, ZERO) or held.reserve_by_line.get(code, ZERO))
    titles = _line_titles(fund, codes) if codes else {}
    rows = [{"kind": "line", "cells": [
        f"{code} {titles.get(code, '')}".strip(), str(held.by_line.get(code, ZERO)),
        str(held.reserve_by_line.get(code, ZERO))]} for code in codes]
    rows.append({"kind": "total", "cells": [_("Total"), str(held.amount), str(held.reserve)]})
    return {"title": _("Note: open commitments at 31 December %(y)s, by budget line")
            % {"y": year},
            "columns": [{"title": _("Budget line")},
                        {"title": _("Open commitments"), NUM: True},
                        {"title": _("Reserve for claims they hold"), NUM: True}],
            "rows": rows}


def _basis_of_preparation(fund: Fund) -> dict:
    return {"title": _("Note: basis of preparation"), "text": _(
        "The statement is prepared on the cash basis, in US dollars (Art. 1.5): contributions "
        "are recorded when received and expenditure when disbursed. Money received or spent "
        "in another currency is converted at the UN operational rate of exchange for its "
        "date. Programme support costs (Art. 2.2) and the reserve for claims (Art. 2.3) are "
        "charged at the fund's rates with the expenditure they arise on. Open commitments "
        "at 31 December, with the reserve and programme support they will carry, are shown "
        "below the line: they are not expenditure of the year.")}


def certification_of(user: AbstractBaseUser | None, on: date) -> dict:
    """What the issuing code passes as `certification`: the certifying officer's name and
    title and the date of the issue (docs/reports.md#certification)."""
    return {"name": user.get_full_name() if user is not None else "",
            "job_title": getattr(user, "job_title", "") if user is not None else "",
            "date": on.isoformat()}


def _certification(certification: dict | None) -> dict:
    """The certification block: certified by the issuing officer on the issue date, or, on a
    draft, provisional."""
    if not certification:
        return {"title": _("Certification"), "certified": False,
                "status": _("Provisional — not certified"), "name": "", "job_title": "",
                "date": "",
                "text": _("Provisional — not certified. A draft computed from the ledger; "
                          "the statement is certified when it is issued.")}
    lines = [_("Certified"), _("Certifying officer: %(name)s") % {"name": certification["name"]}]
    if certification.get("job_title"):
        lines.append(_("Title: %(title)s") % {"title": certification["job_title"]})
    lines.append(_("Date: %(date)s") % {"date": certification["date"]})
    return {"title": _("Certification"), "certified": True, "status": _("Certified"),
            "name": certification["name"], "job_title": certification.get("job_title", ""),
            "date": certification["date"], "text": "\n".join(lines)}


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


def report_document(fund: Fund, kind: str, year: int,
                    certification: dict | None = None) -> dict:
    """The report's document, computed now from the ledger (and the forum, for (a)).

    `certification` is given by the issuing act (see `certification_of`): the certifying
    officer's name and title and the issue date. Without it (a draft) the financial
    statement and the final report read "Provisional — not certified"."""
    if kind == ReportKind.STATEMENT:
        sums = statements.LedgerSums(fund)
        statement = statements.financial_statement(fund, year, sums)
        prior = (statements.statement_of_year(fund, year - 1, sums)
                 if year - 1 >= fund.start_date.year else None)
        document = _header(fund, kind, year, _("1 January to 31 December %(y)s") % {"y": year})
        document["tables"] = [_statement_table(statement, prior), _rates_table(fund),
                              _exchange_rates_table(fund, year),
                              _pledges_table(fund, year, sums),
                              _open_commitments_table(fund, year, sums)]
        document["certification"] = _certification(certification)
        document["sections"] = [_basis_of_preparation(fund), _certification_section(
            document["certification"])]
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
    return _final_document(fund, kind, certification)


def _certification_section(block: dict) -> dict:
    """The certification as a section too, so that the spreadsheets carry it."""
    return {"title": block["title"], "text": block["text"], "certification": True}


def _final_statement_table(report: statements.FinalReport) -> dict:
    """Every year side by side and the whole project: its opening balance, the flows of all
    years, and the closing balance and open commitments of the last year."""
    first, last = report.statements[0], report.statements[-1]

    def flows(name: str) -> Decimal:
        return sum((getattr(s, name) for s in report.statements), ZERO)

    whole = statements.FinancialStatement(
        year=last.year, opening_cash=first.opening_cash, contributions=flows("contributions"),
        income=flows("income"), expenditure=flows("expenditure"),
        programme_support=flows("programme_support"), refunds=flows("refunds"),
        closing_cash=last.closing_cash, open_commitments=last.open_commitments,
        reserve_on_commitments=last.reserve_on_commitments,
        psc_on_commitments=last.psc_on_commitments, available=last.available)
    per_year = [s.as_rows() for s in report.statements]
    return {"title": _("Final financial statement, all years"),
            "columns": [{"title": ""}] + [{"title": str(s.year), NUM: True}
                                          for s in report.statements]
            + [{"title": _("Whole project"), NUM: True}],
            "rows": [{"kind": "total" if i in STATEMENT_TOTALS else "line",
                      "cells": [label] + [str(rows[i][1]) for rows in per_year] + [str(value)]}
                     for i, (label, value) in enumerate(whole.as_rows())]}


def _final_document(fund: Fund, kind: str, certification: dict | None) -> dict:
    report = statements.final_report(fund)
    document = _header(fund, kind, report.statements[-1].year,
                       _("the whole project, to %(d)s") % {"d": report.ended_on.isoformat()})
    dispositions = [{"kind": "line", "cells": [
        f"{d.get_kind_display()} ({d.decided_on.isoformat()}, {d.letter.reference})"
        + (f": {d.destination}" if d.destination else ""), str(d.amount)]}
        for d in report.dispositions]
    if not dispositions:
        dispositions = [{"kind": "line", "cells": [_(
            "Disposition under Art. 10: not yet recorded; the balance stays in the account "
            "until DESA has consulted the Government"), ""]}]
    document["tables"] = [
        _final_statement_table(report),
        _analysis_table(report.analysis, _("Final budget analysis in the Annex B format")),
        {"title": _("Unspent balance and its disposition (Art. 10, Art. 2.3)"),
         "columns": [{"title": ""}, {"title": "USD", NUM: True}],
         "rows": [{"kind": "total", "cells": [_("Unspent balance"), str(report.unspent)]},
                  {"kind": "line", "cells": [_("Reserve for claims (not refundable)"),
                                             str(report.reserve)]}, *dispositions]},
        {"title": _("Assets transferred to the Government (Art. 1.4)"),
         "columns": [{"title": _("Asset")}, {"title": _("Cost"), NUM: True},
                     {"title": _("Transferred")}],
         "rows": [{"kind": "line", "cells": [a.description, str(a.cost),
                                             a.transferred_on.isoformat()
                                             if a.transferred_on else _("not yet")]}
                  for a in report.assets]},
    ]
    document["certification"] = _certification(certification)
    document["sections"] = [_certification_section(document["certification"])]
    document["charts"] = _charts(fund, report.analysis)
    return document


def amount(value: str) -> str:
    """"1234.5" -> "1,234.50" in the reader's language; text stays text."""
    try:
        return format_amount(value)
    except ArithmeticError:
        return value
