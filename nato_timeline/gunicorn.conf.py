"""gunicorn's configuration (`gunicorn -c nato_timeline/gunicorn.conf.py`), from the
environment: see README, "Serving in production"."""

import os

wsgi_app = "nato_timeline.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers with threads: the app is I/O-bound (PostgreSQL, Redis). Each thread keeps its
# database connection (CONN_MAX_AGE, checked before reuse) or, with DATABASE_POOL=1, each worker
# keeps a psycopg pool (settings.py): PostgreSQL sees workers × threads connections per machine.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker silent for this long is killed and replaced; public queries stop far sooner
# (PUBLIC_STATEMENT_TIMEOUT, 3 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Replace workers now and then, so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Access and error logs to stdout/stderr: the process manager collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Proxies whose X-Forwarded-* headers are believed (comma-separated addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking: a broken configuration fails at start, not per worker.
preload_app = True
