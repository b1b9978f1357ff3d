from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("<slug:slug>/forum/", views.forum_home, name="home"),
    path("<slug:slug>/forum/participants/", views.participants, name="participants"),
    path("<slug:slug>/forum/participants.csv", views.participants_csv,
         name="participants_csv"),
    path("<slug:slug>/forum/participants/import/", views.participants_import,
         name="participants_import"),
    path("<slug:slug>/forum/participants/<int:pk>/", views.participant_detail,
         name="participant"),
    path("<slug:slug>/forum/participants/<int:pk>/visa/", views.participant_visa,
         name="participant_visa"),
    path("<slug:slug>/forum/participants/<int:pk>/grant/", views.participant_grant,
         name="participant_grant"),
    path("<slug:slug>/forum/participants/<int:pk>/payment/", views.participant_payment,
         name="participant_payment"),
    path("<slug:slug>/forum/visas/", views.visas, name="visas"),
    path("<slug:slug>/forum/meetings/", views.meeting_create, name="meeting_create"),
    path("<slug:slug>/forum/activities/<int:number>/", views.activity_update,
         name="activity_update"),
    path("<slug:slug>/forum/activities/<int:number>/evidence/", views.evidence_create,
         name="evidence_create"),
    path("<slug:slug>/forum/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
