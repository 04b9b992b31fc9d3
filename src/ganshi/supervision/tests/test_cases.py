"""The staff case pages: who sees a case, audit of every view, sealed identity."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ganshi.audit.models import AuditAction, AuditEvent
from ganshi.supervision import services
from ganshi.supervision.choices import AccessRequestStatus, CaseStatus
from ganshi.supervision.models import IdentityAccessRequest, Report, ReportMessage
from ganshi.supervision.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _case_with_attachment(handlers) -> Report:
    report, _code = services.report_submit(
        data={
            "content": "收受红包",
            "subject_name": "李四",
            "subject_unit": "一镇",
            "is_anonymous": False,
            "reporter_name": "王五",
            "reporter_contact": "13800000000",
        },
        uploads=[services.Upload(name="证据.pdf", content=PDF)],
    )
    report.handlers.set(handlers)
    return report


def _views_of(report: Report) -> list:
    return list(
        AuditEvent.objects.filter(
            object_type="supervision.report",
            object_id=str(report.pk),
            action=AuditAction.READ_SENSITIVE,
        ).values_list("actor_name", "after")
    )


def test_an_assigned_handler_sees_the_case_and_the_view_is_audited(client, handler):
    # given
    report = _case_with_attachment([handler])
    client.force_login(handler)
    # when
    response = client.get(f"/supervision/cases/{report.pk}/")
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "收受红包" in body
    assert "王五" not in body
    assert "13800000000" not in body
    assert "实名（已密封）" in body
    assert _views_of(report) == [("jw_handler", {"viewed": "case"})]


def test_a_handler_not_assigned_gets_404_for_the_case_and_its_attachments(
    client, handler, other_handler
):
    # given
    report = _case_with_attachment([handler])
    attachment = report.attachments.get()
    client.force_login(other_handler)
    # when
    responses = [
        client.get(f"/supervision/cases/{report.pk}/"),
        client.get(f"/supervision/cases/{report.pk}/attachments/{attachment.pk}/"),
        client.post(f"/supervision/cases/{report.pk}/messages/", {"body": "你好"}),
        client.post(f"/supervision/cases/{report.pk}/transition/", {"action": "close"}),
    ]
    # then
    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert _views_of(report) == []
    assert ReportMessage.objects.count() == 0
    report.refresh_from_db()
    assert report.status == CaseStatus.REGISTERED


@pytest.mark.parametrize("who", ["town1_staff", "town2_staff", "leader", "auditor"])
def test_other_roles_see_no_cases(client, handler, request, who):
    # given
    report = _case_with_attachment([handler])
    user = request.getfixturevalue(who)
    client.force_login(user)
    # when
    detail = client.get(f"/supervision/cases/{report.pk}/")
    attachment = client.get(
        f"/supervision/cases/{report.pk}/attachments/{report.attachments.get().pk}/"
    )
    listing = client.get("/supervision/")
    # then
    assert (detail.status_code, attachment.status_code, listing.status_code) == (404, 404, 403)
    assert _views_of(report) == []


def test_county_staff_not_on_the_case_see_an_empty_list_and_404(client, handler, county_staff):
    # given
    report = _case_with_attachment([handler])
    client.force_login(county_staff)
    # when
    detail = client.get(f"/supervision/cases/{report.pk}/")
    listing = client.get("/supervision/")
    # then
    assert detail.status_code == 404
    assert listing.status_code == 200
    assert listing.context["page"].items == []


def test_the_handler_downloads_the_decrypted_attachment(client, handler):
    # given
    report = _case_with_attachment([handler])
    attachment = report.attachments.get()
    client.force_login(handler)
    # when
    response = client.get(f"/supervision/cases/{report.pk}/attachments/{attachment.pk}/")
    # then
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert _views_of(report) == [("jw_handler", {"viewed": "attachment"})]


def test_the_case_list_shows_own_cases_only(client, handler, other_handler, supervisor):
    # given
    mine = ReportFactory(handlers=[handler], subject_name="甲")
    ReportFactory(handlers=[other_handler], subject_name="乙")
    client.force_login(handler)
    # when
    response = client.get("/supervision/")
    # then
    assert [report.pk for report in response.context["page"].items] == [mine.pk]
    # and the supervisor sees both
    client.force_login(supervisor)
    assert len(client.get("/supervision/").context["page"].items) == 2


def test_the_case_list_query_count_is_bounded(client, supervisor, django_assert_max_num_queries):
    # given
    for index in range(30):
        ReportFactory(subject_name=f"干部{index}")
    client.force_login(supervisor)
    # when / then
    with django_assert_max_num_queries(10):
        response = client.get("/supervision/")
    assert len(response.context["page"].items) == 30


def test_identity_cannot_be_revealed_without_an_approved_request(client, handler):
    # given
    report = _case_with_attachment([handler])
    client.force_login(handler)
    # when
    response = client.post(f"/supervision/cases/{report.pk}/identity/")
    # then
    assert response.status_code == 403
    assert "王五" not in response.content.decode()
    assert _views_of(report) == []


def test_identity_access_request_approval_and_reveal_each_audited(client, handler, custodian):
    # given
    report = _case_with_attachment([handler])
    # when: the handler asks
    request = services.identity_request_create(
        actor=handler, report=report, reason="需要向举报人核实具体时间地点"
    )
    # then: still sealed
    with pytest.raises(PermissionDenied):
        services.report_identity_reveal(actor=handler, report=report)
    # when: the custodian approves
    services.identity_request_decide(
        actor=custodian, request_id=request.pk, approve=True, reason="核实必要，同意"
    )
    client.force_login(handler)
    response = client.post(f"/supervision/cases/{report.pk}/identity/")
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "王五" in body and "13800000000" in body
    audit = list(
        AuditEvent.objects.filter(object_type__startswith="supervision.")
        .exclude(object_type="supervision.reportmessage")
        .order_by("id")
        .values_list("actor_name", "action", "object_type")
    )
    assert audit[-3:] == [
        ("jw_handler", "create", "supervision.identityaccessrequest"),
        ("jw_custodian", "update", "supervision.identityaccessrequest"),
        ("jw_handler", "read_sensitive", "supervision.report"),
    ]
    assert _views_of(report) == [("jw_handler", {"viewed": "reporter_identity"})]


def test_a_refused_request_reveals_nothing(handler, custodian):
    # given
    report = _case_with_attachment([handler])
    request = services.identity_request_create(
        actor=handler, report=report, reason="想知道是谁举报的，以便了解情况"
    )
    # when
    services.identity_request_decide(
        actor=custodian, request_id=request.pk, approve=False, reason="理由不充分"
    )
    # then
    request.refresh_from_db()
    assert (request.status, request.decision_reason, request.decided_by) == (
        AccessRequestStatus.REFUSED,
        "理由不充分",
        custodian,
    )
    with pytest.raises(PermissionDenied):
        services.report_identity_reveal(actor=handler, report=report)


def test_only_the_custodian_decides_and_only_once(handler, supervisor, custodian):
    # given
    report = _case_with_attachment([handler])
    request = services.identity_request_create(
        actor=handler, report=report, reason="需要向举报人核实具体时间地点"
    )
    events = AuditEvent.objects.count()
    # when / then: a supervisor is not the custodian
    with pytest.raises(PermissionDenied):
        services.identity_request_decide(
            actor=supervisor, request_id=request.pk, approve=True, reason="同意"
        )
    # when / then: a decision needs a reason
    with pytest.raises(ValidationError) as refused:
        services.identity_request_decide(
            actor=custodian, request_id=request.pk, approve=True, reason=""
        )
    assert refused.value.message_dict == {"decision_reason": ["请填写审批理由。"]}
    request.refresh_from_db()
    assert (request.status, AuditEvent.objects.count()) == (AccessRequestStatus.PENDING, events)
    # when: decided, then decided again
    services.identity_request_decide(
        actor=custodian, request_id=request.pk, approve=False, reason="不同意"
    )
    with pytest.raises(ValidationError):
        services.identity_request_decide(
            actor=custodian, request_id=request.pk, approve=True, reason="改为同意"
        )
    request.refresh_from_db()
    assert request.status == AccessRequestStatus.REFUSED


def test_an_anonymous_report_has_no_identity_to_request(handler):
    # given
    report = ReportFactory(handlers=[handler])
    # when
    with pytest.raises(ValidationError) as refused:
        services.identity_request_create(
            actor=handler, report=report, reason="需要向举报人核实具体时间地点"
        )
    # then
    assert refused.value.message_dict == {"reason": ["该举报没有可查阅的举报人身份。"]}
    assert IdentityAccessRequest.objects.count() == 0


def test_a_handler_not_on_the_case_cannot_request_identity(handler, other_handler):
    # given
    from django.http import Http404

    report = _case_with_attachment([handler])
    # when / then
    with pytest.raises(Http404):
        services.identity_request_create(
            actor=other_handler, report=report, reason="需要向举报人核实具体时间地点"
        )
    assert IdentityAccessRequest.objects.count() == 0


def test_the_handler_moves_the_case_through_the_page(client, handler):
    # given
    report = ReportFactory(status=CaseStatus.PRELIMINARY_CHECK, handlers=[handler])
    client.force_login(handler)
    # when
    response = client.post(
        f"/supervision/cases/{report.pk}/transition/", {"action": "talk", "comment": "函询"}
    )
    # then
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == CaseStatus.TALK_OR_LETTER


def test_an_illegal_move_through_the_page_is_explained(client, handler):
    # given
    report = ReportFactory(status=CaseStatus.CLOSING, handlers=[handler])
    client.force_login(handler)
    # when
    response = client.post(f"/supervision/cases/{report.pk}/transition/", {"action": "talk"})
    # then
    assert response.status_code == 400
    assert "处于“予以了结”状态的案件不能进行此操作。" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.events.count()) == (CaseStatus.CLOSING, 0)


def test_the_supervisor_registers_a_phone_report_and_gets_a_code(client, supervisor):
    # given
    client.force_login(supervisor)
    # when
    response = client.post(
        "/supervision/cases/new/",
        {
            "channel": "phone",
            "received_on": "2026-03-01",
            "content": "电话反映村干部优亲厚友",
            "subject_name": "赵六",
            "subject_unit": "一村",
            "anonymity": "1",
        },
    )
    # then
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.channel, report.registered_by, str(report.received_on)) == (
        "phone",
        supervisor,
        "2026-03-01",
    )
    assert 'id="receipt-code"' in response.content.decode()


def test_registration_names_every_bad_field(client, supervisor):
    # given
    client.force_login(supervisor)
    # when
    response = client.post(
        "/supervision/cases/new/",
        {"channel": "web", "received_on": "2999-01-01", "anonymity": "1"},
    )
    # then
    body = response.content.decode()
    for message in ("请选择来源渠道。", "收到日期不能晚于今天。", "请说明发生了什么。"):
        assert message in body
    assert Report.objects.count() == 0


def test_the_case_page_query_count_is_bounded(
    client, handler, custodian, django_assert_max_num_queries
):
    # given: a case with attachments, messages, events and identity requests
    report = _case_with_attachment([handler])
    for index in range(5):
        services.report_message_from_handler(actor=handler, report=report, body=f"留言{index}")
    services.identity_request_create(
        actor=handler, report=report, reason="需要向举报人核实具体时间地点"
    )
    client.force_login(handler)
    # when / then
    with django_assert_max_num_queries(30):
        response = client.get(f"/supervision/cases/{report.pk}/")
    assert response.status_code == 200


def test_matching_the_person_reported_stays_in_scope(client, handler, town1_handler, county):
    # given: the report names 李四; there is one in each township
    from ganshi.cadres.tests.factories import CadreFactory

    report = _case_with_attachment([handler, town1_handler])
    CadreFactory(name="李四", unit=county["town1"])
    other = CadreFactory(name="李四", unit=county["town2"])
    # when
    with pytest.raises(ValidationError) as refused:
        services.report_match_subject(actor=town1_handler, report_id=report.pk, cadre=other)
    # then
    assert refused.value.message_dict == {"cadre": ["该干部不存在或不在您的管理范围内。"]}
    report.refresh_from_db()
    assert report.subject_cadre is None
    # when: through the page, by the county's handler
    client.force_login(handler)
    response = client.post(f"/supervision/cases/{report.pk}/match/", {"cadre": other.pk})
    # then
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.subject_cadre == other
