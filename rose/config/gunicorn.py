"""gunicorn settings for ROSE: `gunicorn -c python:rose.config.gunicorn rose.config.wsgi`.

The access log names the route, never the path: patient links (/p/<token>), calendar feeds and
questionnaire links carry secrets in their paths, and a token in a log file is a key to a patient's
page for anyone who reads the logs (issue 12). Query strings and the Referer header (which may hold
such a path) are never logged either."""

from __future__ import annotations

from typing import Any

from gunicorn import glogging

logger_class = "rose.config.gunicorn.RouteOnlyLogger"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss request_id=%({x-request-id}o)s'
accesslog = "-"


def post_worker_init(worker: Any) -> None:
    """Train the red-flag text classifier as each web worker starts, not on the first text it reads."""
    from rose.messaging.redflags import warm_in_background

    warm_in_background()


def route_of(path: str) -> str:
    """The URL pattern a path matches ("/p/<str:token>"), or "/(unmatched)"; never the path itself."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path or "/")
    except Resolver404:
        return "/(unmatched)"
    except Exception:  # noqa: BLE001 - Django not set up in this process: say nothing rather than leak
        return "/(unknown)"
    return "/" + str(match.route)


class RouteOnlyLogger(glogging.Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        route = route_of(environ.get("PATH_INFO", ""))
        # Any other atom that repeats the path, query or referer (headers, environ variables) is blanked.
        secrets = [value for value in (environ.get("PATH_INFO"), environ.get("RAW_URI"), environ.get("QUERY_STRING"),
                                       environ.get("HTTP_REFERER")) if value and value != "/"]
        for key, value in atoms.items():
            if isinstance(value, str) and any(secret in value for secret in secrets):
                atoms[key] = "-"
        atoms.update({"U": route, "r": f"{atoms.get('m')} {route} {atoms.get('H')}", "q": "", "f": "-"})
        return atoms
