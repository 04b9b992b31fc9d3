"""The public pages: filing, the receipt code, following, the rate limit, the headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ganshi.audit.models import AuditEvent
from ganshi.supervision.choices import CaseStatus, Channel
from ganshi.supervision.models import (
    RateLimitBucket,
    Report,
    ReportAttachment,
    ReportMessage,
    SupervisionSettings,
)
from ganshi.supervision.services import attachment_bytes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET = "副局长李四在2025年修路工程中收受包工头现金二十万元"


def _form(**overrides):
    data = {
        "content": SECRET,
        "subject_name": "李四",
        "subject_unit": "县交通运输局",
        "anonymity": "1",
        "reporter_name": "",
        "reporter_contact": "",
    }
    data.update(overrides)
    return data


def _code(response) -> str:
    match = re.search(r'id="receipt-code">([\d ]+)<', response.content.decode())
    assert match is not None
    return match.group(1).replace(" ", "")


@pytest.fixture
def public(client):
    client.enforce_csrf_checks = False
    return client


@pytest.mark.django_db
def test_the_submit_page_needs_no_login_and_sends_private_headers(client):
    # when
    response = client.get("/report/")
    # then
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "<script" not in response.content.decode()


@pytest.mark.django_db
def test_an_anonymous_report_stores_no_identifying_data(client):
    # when: the form also carries a name, but anonymity is chosen
    response = client.post(
        "/report/",
        _form(reporter_name="王五", reporter_contact="13800000000"),
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 secret-agent",
    )
    # then
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    report = Report.objects.get()
    assert (report.channel, report.status, report.is_anonymous) == (
        Channel.WEB,
        CaseStatus.REGISTERED,
        True,
    )
    assert (report.reporter_name, report.reporter_contact, report.registered_by) == ("", "", None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM supervision_report")
        row = " ".join(str(value) for value in cursor.fetchone())
        cursor.execute("SELECT before, after, object_repr FROM audit_auditevent")
        audit = " ".join(str(value) for values in cursor.fetchall() for value in values)
    for identifying in ("203.0.113.7", "王五", "13800000000", "secret-agent"):
        assert identifying not in row
        assert identifying not in audit
    assert not RateLimitBucket.objects.filter(key_hash__contains="203.0.113.7").exists()


@pytest.mark.django_db
def test_the_receipt_code_and_content_are_not_in_the_database(client):
    # given
    response = client.post(
        "/report/",
        _form(anonymity="0", reporter_name="王五", reporter_contact="13800000000"),
    )
    code = _code(response)
    # when: everything the database holds
    with connection.cursor() as cursor:
        dump = []
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            dump.extend(str(value) for row in cursor.fetchall() for value in row)
    text = "\n".join(dump)
    # then
    assert len(code) == 16
    assert code not in text
    assert SECRET not in text
    assert "王五" not in text
    assert "13800000000" not in text
    assert "李四" not in text


@pytest.mark.django_db
def test_a_copy_of_the_sqlite_database_reveals_nothing(client):
    # given
    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite database image")
    response = client.post(
        "/report/",
        _form(anonymity="0", reporter_name="王五", reporter_contact="13800000000"),
    )
    code = _code(response)
    ReportMessage.objects.create(report=Report.objects.get(), body="保密的回复内容")
    # when: the bytes of the database, as a copy of its file would hold them
    connection.ensure_connection()
    data = connection.connection.serialize()
    # then
    assert len(data) > 100_000
    for secret in (code, SECRET, "王五", "13800000000", "保密的回复内容"):
        assert secret.encode() not in data
    assert b"supervision_report" in data


@pytest.mark.django_db
def test_an_attachment_is_stored_encrypted_under_a_random_name(client):
    # given
    upload = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")
    # when
    response = client.post("/report/", {**_form(), "attachments": [upload]})
    # then
    assert response.status_code == 200
    attachment = ReportAttachment.objects.get()
    on_disk = Path(settings.MEDIA_ROOT, attachment.stored.name).read_bytes()
    assert PDF not in on_disk
    assert "证据" not in attachment.stored.name
    assert attachment_bytes(attachment) == PDF
    assert (attachment.original_name, attachment.content_type, attachment.size_bytes) == (
        "证据.pdf",
        "application/pdf",
        len(PDF),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "program.exe",
            b"MZ\x90\x00",
            "“program.exe”不是可接受的文件类型（PDF、JPEG、PNG、DOCX 或 TXT）。",
        ),
        (
            "report.pdf.exe",
            b"MZ\x90\x00",
            "“report.pdf.exe”带有两个文件类型，请改为只有一个扩展名的文件名。",
        ),
        (
            "photo.exe.jpg",
            b"\xff\xd8\xff\xe0",
            "“photo.exe.jpg”带有两个文件类型，请改为只有一个扩展名的文件名。",
        ),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "“fake.pdf”的内容不是 PDF 文件。"),
    ],
)
@pytest.mark.django_db
def test_a_refused_upload_files_nothing(client, name, content, message):
    # given
    settings_row = SupervisionSettings.current()
    assert settings_row.attachment_max_bytes == 10 * 1024 * 1024
    # when
    response = client.post(
        "/report/", {**_form(), "attachments": [SimpleUploadedFile(name, content)]}
    )
    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Report.objects.count() == 0
    assert ReportAttachment.objects.count() == 0
    assert 'id="receipt-code"' not in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(client):
    # given: the county's limit is 1 KB
    SupervisionSettings.objects.filter(pk=1).update(attachment_max_bytes=1024)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    # when
    response = client.post("/report/", {**_form(), "attachments": [big]})
    # then
    assert "“big.pdf”大小为 2 KB，上限为 1 KB。" in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_missing_fields_are_named_in_chinese_and_nothing_is_filed(client):
    # when
    response = client.post(
        "/report/", _form(content="", subject_name="", anonymity="0", reporter_name="")
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "请说明发生了什么。" in body
    assert "请填写被反映人姓名。" in body
    assert "请填写您的姓名，或选择匿名举报。" in body
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_burst_from_one_address_meets_only_the_rate_limit(client):
    # given: five submissions an hour are allowed
    statuses = []
    # when
    for _attempt in range(12):
        response = client.post("/report/", _form(), REMOTE_ADDR="198.51.100.9")
        statuses.append(response.status_code)
    # then
    assert statuses == [200] * 5 + [429] * 7
    assert Report.objects.count() == 5
    assert RateLimitBucket.objects.get().count == 12
    # another address is not held back
    assert client.post("/report/", _form(), REMOTE_ADDR="198.51.100.10").status_code == 200


@pytest.mark.django_db
def test_follow_shows_the_report_and_the_thread_and_takes_a_reply(client):
    # given
    code = _code(client.post("/report/", _form()))
    report = Report.objects.get()
    ReportMessage.objects.create(report=report, body="请补充具体时间。")
    # when
    response = client.post("/report/follow/", {"code": code})
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert SECRET in body
    assert "请补充具体时间。" in body
    assert "登记" in body
    # when: the reporter answers
    response = client.post("/report/follow/", {"code": code, "body": "2025年5月"})
    # then
    assert "您的留言已发送。" in response.content.decode()
    assert "2025年5月" in response.content.decode()
    assert list(report.messages.values_list("from_reporter", "body")) == [
        (False, "请补充具体时间。"),
        (True, "2025年5月"),
    ]


@pytest.mark.django_db
def test_follow_never_shows_the_matched_cadre_or_the_identity(client, county):
    # given
    from ganshi.cadres.tests.factories import CadreFactory

    code = _code(
        client.post("/report/", _form(anonymity="0", reporter_name="王五", reporter_contact="139"))
    )
    cadre = CadreFactory(name="李四", unit=county["town1"])
    Report.objects.update(subject_cadre=cadre)
    # when
    body = client.post("/report/follow/", {"code": code}).content.decode()
    # then
    assert "一镇" not in body
    assert "王五" not in body


@pytest.mark.django_db
def test_a_wrong_code_finds_nothing(client):
    # given
    client.post("/report/", _form())
    events = AuditEvent.objects.count()
    # when
    response = client.post("/report/follow/", {"code": "1234 5678 9012 3456"})
    # then
    assert response.status_code == 200
    assert "没有与此回执码对应的举报。" in response.content.decode()
    assert AuditEvent.objects.count() == events
    assert ReportMessage.objects.count() == 0


@pytest.mark.django_db
def test_follow_attempts_are_rate_limited(client):
    # given
    SupervisionSettings.objects.filter(pk=1).update(follow_attempts_per_hour=3)
    # when
    statuses = [client.post("/report/follow/", {"code": f"{n:016d}"}).status_code for n in range(5)]
    # then
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_the_public_pages_refuse_a_post_without_csrf_token():
    # given
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    # when
    response = client.post("/report/", _form())
    # then
    assert response.status_code == 403
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("origin", "fetch_site", "status"),
    [
        ("null", "same-origin", 200),
        ("null", "cross-site", 403),
        ("null", None, 403),
        ("https://evil.example", "cross-site", 403),
    ],
)
@pytest.mark.django_db
def test_csrf_under_no_referrer_trusts_only_a_same_origin_fetch(origin, fetch_site, status):
    # given: the token pair a real form carries, and what a no-referrer page's POST sends
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get("/report/")
    token = client.cookies["csrftoken"].value
    headers = {"HTTP_ORIGIN": origin}
    if fetch_site is not None:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    # when
    response = client.post(
        "/report/", {**_form(), "csrfmiddlewaretoken": token}, secure=True, **headers
    )
    # then
    assert response.status_code == status
    assert Report.objects.count() == (1 if status == 200 else 0)
