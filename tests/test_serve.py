"""The production app server: `scripts/serve` (what `make serve` runs) boots gunicorn with
nato_timeline/gunicorn.conf.py on a free loopback port; it serves pages, probes and static
files. No database fixture: the server gets its own SQLite database in a temporary VAR_DIR."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep} | {
        "SECRET_KEY": "test-only-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(tmp_path_factory.mktemp("var")), "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "GUNICORN_TIMEOUT": "20",
    }  # fmt: skip
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not answer in time:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_gunicorn_serves_the_timeline_the_probes_and_static_files(served):
    base, log = served
    status, page = fetch(base + "/")
    assert status == 200 and b"NATO Timeline" in page
    status, ready = fetch(base + "/readyz")
    assert status == 200
    assert json.loads(ready) == {"status": "ready", "checks": {"database": "ok", "cache": "ok"}}
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page).group(1).decode()
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet)  # hashed by collectstatic
    status, css = fetch(base + stylesheet)
    assert status == 200 and len(css) > 100
    status, missing = fetch(base + "/no-such-page/")
    assert status == 404 and b"Back to the timeline" in missing
    assert '"GET /readyz HTTP/1.1" 200' in log.read_text()  # the access log on stdout


def test_serve_says_what_it_needs():
    env = {"PATH": os.environ["PATH"]}
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert "set SECRET_KEY ALLOWED_HOSTS" in result.stderr
