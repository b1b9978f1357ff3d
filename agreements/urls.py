from django.urls import path

from agreements import member_views, views

app_name = "agreements"
urlpatterns = [
    path("<slug:slug>/members/", member_views.members, name="members"),
    path("<slug:slug>/members/invite/", member_views.invite, name="member_invite"),
    path("<slug:slug>/members/<int:pk>/role/", member_views.member_role, name="member_role"),
    path("<slug:slug>/members/<int:pk>/remove/", member_views.member_remove,
         name="member_remove"),
    path("<slug:slug>/members/<int:pk>/deactivate/", member_views.member_deactivate,
         name="member_deactivate"),
    path("<slug:slug>/members/invitations/<int:pk>/withdraw/",
         member_views.invitation_withdraw, name="invitation_withdraw"),
    path("", views.fund_list, name="fund_list"),
    path("<slug:slug>/", views.agreement_detail, name="agreement"),
    path("<slug:slug>/text/<str:language>/", views.agreement_text, name="text"),
    path("<slug:slug>/notices/new/", views.notice_create, name="notice_create"),
    path("<slug:slug>/notices/<int:pk>/scan/", views.notice_scan, name="notice_scan"),
    path("<slug:slug>/notices/<int:pk>/receipt-scan/", views.notice_scan,
         {"which": "receipt"}, name="notice_receipt_scan"),
    path("<slug:slug>/arbitration/", views.arbitration_request, name="arbitration_request"),
    path("<slug:slug>/arbitration/<int:pk>/appointment/", views.arbitration_appointment,
         name="arbitration_appointment"),
    path("<slug:slug>/notices/<int:pk>/receipt/", views.notice_receipt,
         name="notice_receipt"),
    path("<slug:slug>/notices/<int:pk>/withdraw/", views.notice_withdraw,
         name="notice_withdraw"),
]
