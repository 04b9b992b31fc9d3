from django.urls import path

from ganshi.training import views

app_name = "training"
urlpatterns = [
    path("", views.class_list_view, name="class_list"),
    path("classes/new/", views.class_create_view, name="class_create"),
    path("classes/<int:pk>/", views.class_detail_view, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit_view, name="class_edit"),
    path("classes/<int:pk>/complete/", views.class_complete_view, name="class_complete"),
    path("classes/<int:pk>/sessions/new/", views.session_form_view, name="session_create"),
    path(
        "classes/<int:pk>/sessions/<int:session_pk>/edit/",
        views.session_form_view,
        name="session_edit",
    ),
    path("classes/<int:pk>/enrol/", views.enrol_view, name="enrol"),
    path("classes/<int:pk>/enrol/hand/", views.enrol_hand_view, name="enrol_hand"),
    path("classes/<int:pk>/enrol/criteria/", views.enrol_criteria_view, name="enrol_criteria"),
    path("classes/<int:pk>/enrol/upload/", views.enrol_upload_view, name="enrol_upload"),
    path("classes/<int:pk>/feedback/", views.feedback_view, name="feedback"),
    path("classes/<int:pk>/leave/", views.leave_request_view, name="leave_request"),
    path("leave/<int:pk>/decide/", views.leave_decide_view, name="leave_decide"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw_view, name="withdraw"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate_view, name="certificate"),
    path("sessions/<int:pk>/register/", views.session_register_view, name="session_register"),
    path("sessions/<int:pk>/qr/", views.session_qr_view, name="session_qr"),
    path("sign-in/<int:pk>/", views.sign_in_view, name="sign_in"),
    path("plans/", views.plan_list_view, name="plan_list"),
    path("plans/new/", views.plan_form_view, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_form_view, name="plan_edit"),
    path("courses/", views.course_list_view, name="course_list"),
    path("courses/new/", views.course_form_view, name="course_create"),
    path("courses/<int:pk>/edit/", views.course_form_view, name="course_edit"),
    path("compliance/", views.compliance_view, name="compliance"),
    path("compliance/export.xlsx", views.compliance_export_view, name="compliance_export"),
    path("cadres/<int:pk>/hours/", views.cadre_hours_view, name="cadre_hours"),
    path("my-hours/", views.my_hours_view, name="my_hours"),
    path("settings/", views.settings_view, name="settings"),
    path("figures/", views.figures_view, name="figures"),
    path("figures/export.xlsx", views.figures_export_view, name="figures_export"),
    path("figures/person-times/", views.person_times_view, name="person_times"),
]
