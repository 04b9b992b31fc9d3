"""Pages are in Chinese whatever the browser asks for, unless the user chose English."""

from __future__ import annotations

from django.conf import settings


def test_login_page_is_chinese_for_an_english_browser(client, db):
    # when
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    # then
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


def test_english_when_the_user_chose_it(client, db):
    # given
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # when
    response = client.get("/accounts/login/")
    # then
    assert response["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
