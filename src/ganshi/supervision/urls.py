from django.urls import path

from ganshi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.case_list_view, name="case_list"),
    path("cases/new/", views.case_register_view, name="case_register"),
    path("cases/<int:pk>/", views.case_detail_view, name="case_detail"),
    path("cases/<int:pk>/transition/", views.case_transition_view, name="case_transition"),
    path("cases/<int:pk>/messages/", views.case_message_view, name="case_message"),
    path("cases/<int:pk>/match/", views.case_match_view, name="case_match"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_pk>/",
        views.case_attachment_view,
        name="case_attachment",
    ),
    path("cases/<int:pk>/identity/request/", views.identity_request_view, name="identity_request"),
    path("cases/<int:pk>/identity/", views.identity_reveal_view, name="identity_reveal"),
    path("cases/<int:pk>/finding/", views.finding_create_view, name="finding_create"),
    path("cases/<int:pk>/clear/", views.exoneration_create_view, name="exoneration_create"),
    path("identity-requests/", views.identity_request_list_view, name="identity_request_list"),
    path(
        "identity-requests/<int:pk>/decide/",
        views.identity_request_decide_view,
        name="identity_request_decide",
    ),
    path("clearing/", views.exoneration_list_view, name="exoneration_list"),
    path("clearing/<int:pk>/", views.exoneration_detail_view, name="exoneration_detail"),
    path(
        "clearing/<int:pk>/statement.<str:kind>",
        views.exoneration_statement_view,
        name="exoneration_statement",
    ),
]
