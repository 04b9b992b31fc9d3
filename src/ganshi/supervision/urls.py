from django.urls import path

from ganshi.supervision import register_views, views

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
    path("figures/", views.figures_view, name="figures"),
    path("figures/export.xlsx", views.figures_export_view, name="figures_export"),
    path("leniency/", register_views.leniency_list_view, name="leniency_list"),
    path("leniency/new/", register_views.leniency_create_view, name="leniency_create"),
    path("leniency/<int:pk>/", register_views.leniency_detail_view, name="leniency_detail"),
    path(
        "leniency/<int:pk>/transition/",
        register_views.leniency_transition_view,
        name="leniency_transition",
    ),
    path("talks/", register_views.talk_list_view, name="talk_list"),
    path("talks/new/", register_views.talk_create_view, name="talk_create"),
    path("talks/<int:pk>/", register_views.talk_detail_view, name="talk_detail"),
    path("documents/", register_views.document_list_view, name="document_list"),
    path("documents/new/", register_views.document_create_view, name="document_create"),
    path("documents/review/", register_views.custody_review_view, name="custody_review"),
    path("documents/<int:pk>/", register_views.document_detail_view, name="document_detail"),
    path(
        "documents/<int:pk>/deposit/",
        register_views.document_deposit_view,
        name="document_deposit",
    ),
    path(
        "documents/<int:pk>/loans/<int:loan_pk>/",
        register_views.loan_transition_view,
        name="loan_transition",
    ),
    path("family/", register_views.family_list_view, name="family_list"),
    path(
        "family/supervisors/new/",
        register_views.family_supervisor_create_view,
        name="family_supervisor_create",
    ),
    path(
        "family/activities/new/",
        register_views.family_activity_create_view,
        name="family_activity_create",
    ),
]
