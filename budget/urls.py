from django.urls import path

from budget import closing_views, correction_views, import_views, revision_views, views

app_name = "budget"
urlpatterns = [
    path("<slug:slug>/budget/", views.budget_overview, name="overview"),
    path("<slug:slug>/ledger/", views.ledger, name="ledger"),
    path("<slug:slug>/ledger/import/", import_views.ledger_import, name="ledger_import"),
    path("<slug:slug>/ledger/import/<int:pk>/", import_views.import_job, name="import_job"),
    path("<slug:slug>/ledger/import/<int:pk>/confirm/", import_views.import_job_confirm,
         name="import_job_confirm"),
    path("<slug:slug>/ledger/new/commitment/", views.post_commitment, name="post_commitment"),
    path("<slug:slug>/ledger/new/expenditure/", views.post_expenditure,
         name="post_expenditure"),
    path("<slug:slug>/ledger/new/<str:kind>/", views.post_receipt, name="post_receipt"),
    path("<slug:slug>/ledger/<int:sequence>/cancel/", views.cancel_commitment,
         name="cancel_commitment"),
    path("<slug:slug>/ledger/<int:sequence>/reverse/", views.reverse_entry,
         name="reverse_entry"),
    path("<slug:slug>/budget/revisions/", revision_views.revision_list, name="revisions"),
    path("<slug:slug>/budget/revisions/new/", revision_views.revision_create,
         name="revision_create"),
    path("<slug:slug>/budget/revisions/<int:pk>/", revision_views.revision_detail,
         name="revision"),
    path("<slug:slug>/notices/<int:pk>/correct/", correction_views.notice_correct,
         name="notice_correct"),
    path("<slug:slug>/notices/corrections/<int:pk>/", correction_views.notice_correction,
         name="notice_correction"),
    path("<slug:slug>/closing/", closing_views.closing, name="closing"),
    path("<slug:slug>/closing/disposition/", closing_views.disposition_create,
         name="disposition_create"),
    path("<slug:slug>/closing/assets/", closing_views.asset_create, name="asset_create"),
    path("<slug:slug>/closing/assets/<int:pk>/transfer/", closing_views.asset_transfer,
         name="asset_transfer"),
]
