from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import token_views, views

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
    path(FUND + "contributions/", api(views.ContributionList), name="contributions"),
    path(FUND + "pledges/", api(views.Pledges), name="pledges"),
    path(FUND + "entries/", api(views.EntryList), name="entries"),
    path(FUND + "entries.csv", api(views.EntryCsv), name="entries_csv"),
    path(FUND + "entries.xlsx", api(views.EntryXlsx), name="entries_xlsx"),
    path(FUND + "commitments/", api(views.CommitmentCreate), name="commitments"),
    path(FUND + "expenditures/", api(views.ExpenditureCreate), name="expenditures"),
    path(FUND + "cancellations/", api(views.CancellationCreate), name="cancellations"),
    path(FUND + "reversals/", api(views.ReversalCreate), name="reversals"),
    path(FUND + "reports/", api(views.ReportList), name="reports"),
    path(FUND + "participants/", api(views.ParticipantList), name="participants"),
    path(FUND + "webhooks/", include("webhooks.urls")),
    path("v1/rates/", api(views.RateList), name="rates"),
    path("tokens/", token_views.tokens, name="tokens"),
    path("tokens/<str:key>/revoke/", token_views.revoke, name="revoke"),
]
