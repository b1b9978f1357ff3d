from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import (
    entry_documents,
    open_commitments,
    receipts,
    report_figures,
    report_state,
    revisions,
    schedules,
    token_api,
    token_views,
    views,
)
from api.notices import views as notices

app_name = "api"


def api(view):
    # DRF authenticates API requests itself (tokens or the session) and refuses anonymous
    # ones with 401; the login redirect of the pages does not apply.
    return login_not_required(view.as_view())


FUND = "v1/funds/<slug:slug>/"
urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
         name="docs"),
    path("v1/funds/", api(views.FundList), name="funds"),
    path(FUND, api(views.FundDetail), name="fund"),
    path(FUND + "agreement/", api(views.AgreementDetail), name="agreement"),
    path(FUND + "budget/", api(views.BudgetLines), name="budget"),
    path(FUND + "budget/versions/", api(views.BudgetVersions), name="budget_versions"),
    path(FUND + "contributions/", api(receipts.Contributions), name="contributions"),
    path(FUND + "pledges/", api(schedules.PledgesWithSchedule), name="pledges"),
    path(FUND + "entries/", api(views.EntryList), name="entries"),
    path(FUND + "entries.csv", api(views.EntryCsv), name="entries_csv"),
    path(FUND + "entries.xlsx", api(views.EntryXlsx), name="entries_xlsx"),
    path(FUND + "commitments/", api(views.CommitmentCreate), name="commitments"),
    path(FUND + "expenditures/", api(views.ExpenditureCreate), name="expenditures"),
    path(FUND + "cancellations/", api(views.CancellationCreate), name="cancellations"),
    path(FUND + "reversals/", api(views.ReversalCreate), name="reversals"),
    path(FUND + "reports/", api(views.ReportList), name="reports"),
    path(FUND + "participants/", api(views.ParticipantList), name="participants"),
    # Issue 25 (ledger and reports): income, open commitments, an entry and its documents,
    # issued reports' state, the statements' figures (docs/api.md).
    path(FUND + "income/", api(receipts.Income), name="income"),
    path(FUND + "open-commitments/", api(open_commitments.OpenCommitments),
         name="open_commitments"),
    path(FUND + "entries/<int:sequence>/", api(entry_documents.EntryDetail), name="entry"),
    path(FUND + "entries/<int:sequence>/documents/", api(entry_documents.EntryDocuments),
         name="entry_documents"),
    path(FUND + "entries/<int:sequence>/documents/<int:pk>/",
         api(entry_documents.EntryDocumentDownload), name="entry_document"),
    path(FUND + "reports/<int:pk>/", api(report_state.ReportState), name="report"),
    path(FUND + "reports/<int:pk>/files/<str:fmt>/", api(report_state.IssuedReportFile),
         name="report_file"),
    path(FUND + "reports/<str:kind>/<int:year>/", api(report_state.ReportVersions),
         name="report_versions"),
    path(FUND + "statements/<int:year>/", api(report_figures.StatementDraft),
         name="statement_draft"),
    path(FUND + "statements/<int:year>/issued/", api(report_figures.StatementIssued),
         name="statement_issued"),
    path(FUND + "budget-analyses/<int:year>/", api(report_figures.BudgetAnalysisDraft),
         name="budget_analysis_draft"),
    path(FUND + "budget-analyses/<int:year>/issued/", api(report_figures.BudgetAnalysisIssued),
         name="budget_analysis_issued"),
    # Notices (Art. 11) and budget revisions, through the pages' actions (docs/api.md).
    path(FUND + "notices/", api(notices.NoticeList), name="notices"),
    path(FUND + "notices/<int:pk>/", api(notices.NoticeDetail), name="notice"),
    path(FUND + "notices/<int:pk>/receipt/", api(notices.NoticeReceipt), name="notice_receipt"),
    path(FUND + "notices/<int:pk>/withdraw/", api(notices.NoticeWithdrawal),
         name="notice_withdraw"),
    path(FUND + "notices/<int:pk>/correct/", api(notices.NoticeCorrect), name="notice_correct"),
    path(FUND + "notices/corrections/<int:pk>/", api(notices.CorrectionDetail),
         name="notice_correction"),
    path(FUND + "notices/corrections/<int:pk>/confirm/", api(notices.CorrectionConfirm),
         name="notice_correction_confirm"),
    path(FUND + "notices/corrections/<int:pk>/reject/", api(notices.CorrectionReject),
         name="notice_correction_reject"),
    path(FUND + "revisions/", api(revisions.RevisionList), name="revisions"),
    path(FUND + "revisions/<int:number>/", api(revisions.RevisionDetail), name="revision"),
    path(FUND + "revisions/<int:number>/approve/", api(revisions.RevisionApprove),
         name="revision_approve"),
    path(FUND + "revisions/<int:number>/reject/", api(revisions.RevisionReject),
         name="revision_reject"),
    path(FUND + "webhooks/", include("webhooks.urls")),
    path("v1/rates/", api(views.RateList), name="rates"),
    path("v1/tokens/", api(token_api.Tokens), name="api_tokens"),
    path("v1/tokens/<str:key>/", api(token_api.TokenDetail), name="api_token"),
    path("v1/tokens/<str:key>/revoke/", api(token_api.TokenRevoke), name="api_token_revoke"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<str:key>/revoke/", token_views.revoke, name="revoke"),
    path("funds/<slug:slug>/service-accounts/", token_views.service_accounts,
         name="service_accounts"),
    path("funds/<slug:slug>/service-accounts/tokens/<str:key>/revoke/",
         token_views.service_account_revoke, name="service_account_revoke"),
]
