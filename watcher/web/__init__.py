"""The daemon's HTTP server: health (/healthz, /readyz), Prometheus /metrics, the read-only
status page (/), and the alerts as Atom and JSON Feed. It runs on the daemon's event loop but
stays off the hot path: every database read goes to its own thread on a read-only connection,
with timeouts, and results are shared between concurrent requests.

Importing this package is cheap (config loading imports ``settings``); the aiohttp server lives
in ``watcher.web.server``.
"""
