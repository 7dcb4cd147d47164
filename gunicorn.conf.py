"""gunicorn settings for production, read from the environment (see README "Production").

Run from the repository root with `gunicorn` (this file is picked up automatically).
"""

import os

wsgi_app = "config.wsgi:application"

# Sync workers: measured faster than gthread for these short, database-bound pages.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
# Loopback by default: only a reverse proxy on this machine reaches the app. Exposing it on a
# network (GUNICORN_BIND=0.0.0.0:8000) is for a proxy on another machine, with a firewall that
# lets only that proxy in (README, Production).
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
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

# Trust X-Forwarded-* (gunicorn's https scheme) only from the reverse proxies: the single
# addresses of the app's own setting, DJANGO_TRUSTED_PROXIES (gunicorn takes no networks),
# unless FORWARDED_ALLOW_IPS says otherwise.
_proxies = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or ",".join(
    proxy.strip() for proxy in _proxies if proxy.strip() and "/" not in proxy
)
