"""gunicorn settings for production, read from the environment (see README "Production").

Run from the repository root with `gunicorn` (this file is picked up automatically).
"""

import os

wsgi_app = "config.wsgi:application"

# Sync workers: measured faster than gthread for these short, database-bound pages.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Off by default: a restarted worker re-imports Django (about a second), and at thousands of
# requests per second a limit of 2,000 restarted every worker each second or so (measured: a
# third of the throughput of a constant view). Set it only if workers are seen to grow.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Logs to standard output and standard error, for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Trust X-Forwarded-* only from the reverse proxy (gunicorn also reads FORWARDED_ALLOW_IPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
