"""Admin login throttling (django-axes): lockout per username and per address after repeated
failures, a clear message, and an editor can lift it in the admin."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-pass-phrase"


@pytest.fixture
def staff(db):
    user = User.objects.create_user("ed", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def log_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return client.get("/admin/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_right_password_is_refused_after_too_many_wrong_ones(client, staff, settings):
    statuses = [log_in(client, "ed", "wrong").status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]  # fmt: skip
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the last one locks
    response = log_in(client, "ed", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not logged_in(client)


def test_a_lockout_holds_per_username_from_any_address(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ed", "wrong", address=f"10.0.1.{n}")
    assert log_in(client, "ed", PASSWORD, address="10.0.2.1").status_code == 429
    assert not logged_in(client)


def test_a_lockout_holds_per_address_for_any_username(client, staff, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess-{n}", "wrong", address="10.0.3.1")
    assert log_in(client, "ed", PASSWORD, address="10.0.3.1").status_code == 429
    assert log_in(client, "ed", PASSWORD, address="10.0.3.2").status_code == 302  # elsewhere


def test_an_editor_lifts_the_lockout_in_the_admin(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ed", "wrong")
    assert log_in(client, "ed", PASSWORD).status_code == 429
    other = User.objects.create_user("other-editor", password=PASSWORD, is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    client.force_login(other)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200 and "ed" in page.content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert log_in(client, "ed", PASSWORD).status_code == 302
    assert logged_in(client)


def test_limits_come_from_the_environment():
    from tests.test_settings import run

    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds())")  # fmt: skip
    env = {"DEBUG": "1", "AXES_FAILURE_LIMIT": "3", "AXES_COOLOFF_MINUTES": "10"}
    assert run(env, "-c", probe).stdout.split() == ["3", "600.0"]
