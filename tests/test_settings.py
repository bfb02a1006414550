"""Settings come from the environment: each case runs Django in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'cache': s.CACHES['default']['BACKEND'], "
    "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # fmt: skip
    clean |= {"DJANGO_SETTINGS_MODULE": "nato_timeline.settings", **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def probe(env: dict[str, str]) -> dict:
    import json

    result = run(env, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_is_the_default():
    found = probe({"DEBUG": "1"})
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"].endswith("db.sqlite3")


def test_database_url_selects_postgresql():
    found = probe({"DEBUG": "1", "DATABASE_URL": "postgres://u@db.example:5432/timeline"})
    assert (found["engine"], found["name"]) == ("django.db.backends.postgresql", "timeline")


def test_redis_url_selects_the_redis_cache():
    found = probe({"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/1"})
    # Django's Redis cache, made to degrade when Redis is unreachable (nato_timeline.cache)
    assert found["cache"] == "nato_timeline.cache.ForgivingRedisCache"


def test_redis_is_given_short_timeouts():
    import json

    probe_options = ("import django, json; django.setup(); from django.conf import settings; "
                     "print(json.dumps(settings.CACHES['default']['OPTIONS']))")  # fmt: skip
    result = run({"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/1"}, "-c", probe_options)
    options = json.loads(result.stdout)
    assert 0 < options["socket_connect_timeout"] <= 1
    assert 0 < options["socket_timeout"] <= 1


def test_without_redis_the_cache_is_local():
    assert probe({"DEBUG": "1"})["cache"].endswith("LocMemCache")


def test_allowed_hosts_is_a_comma_separated_list():
    found = probe({"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "a.example, b.example"})
    assert found["hosts"] == ["a.example", "b.example"]
    assert found["debug"] is False


def test_production_without_secret_key_refuses_to_start():
    result = run({"DEBUG": "0"}, "-c", PROBE)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_reported():
    result = run({"DEBUG": "maybe"}, "-c", PROBE)
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k3y-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
        "ALLOWED_HOSTS": "timeline.example.org",
        "SECURE_SSL_REDIRECT": "1",
    }
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_manage_py_runs_on_a_fresh_checkout_without_any_variable(tmp_path):
    result = run({"VAR_DIR": str(tmp_path)}, "manage.py", "check")
    assert result.returncode == 0, result.stderr


def test_the_wsgi_application_is_not_in_debug_mode_by_default():
    result = run({"SECRET_KEY": "x" * 50}, "-c", "import nato_timeline.wsgi; "
                 "from django.conf import settings; print(settings.DEBUG)")  # fmt: skip
    assert result.stdout.strip() == "False", result.stderr
