"""django-axes locks the admin login after too many failed attempts."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "a-long-curator-password"  # the curator fixture's


def sign_in(client, password: str, **headers: str):  # noqa: ANN001, ANN201
    return client.post(LOGIN_URL, {"username": "curator", "password": password}, **headers)


def fail_until_locked(client, **headers: str) -> list[int]:  # noqa: ANN001
    return [
        sign_in(client, "wrong", **headers).status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]


def test_failed_logins_below_the_limit_show_the_form_again(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content


def test_the_limit_of_failed_logins_locks_the_admin_with_a_clear_message(client, curator):
    statuses = fail_until_locked(client)
    assert statuses[-1] == 429
    response = sign_in(client, "wrong")
    assert response.status_code == 429
    assert b"Sign-in paused after too many failed attempts" in response.content


def test_the_correct_password_is_refused_after_a_lockout(client, curator):
    fail_until_locked(client)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_the_correct_password_signs_in_before_the_limit(client, curator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_guesses_from_elsewhere_do_not_lock_the_curator_out(client, curator):
    fail_until_locked(client, REMOTE_ADDR="192.0.2.1")
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.2").status_code == 302
