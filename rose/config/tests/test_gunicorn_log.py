"""Issue 12, item 6: link tokens appeared in access logs. The access log names the route instead."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from rose.config.gunicorn import RouteOnlyLogger, route_of

TOKEN = "Zq3xSECRETtokenVALUEnotToBeLogged"


@pytest.mark.parametrize(("path", "route"), [
    (f"/p/{TOKEN}", "/p/<str:token>"),
    (f"/p/{TOKEN}/new", "/p/<str:token>/new"),
    (f"/groups/calendar/{TOKEN}.ics", "/groups/calendar/<str:token>.ics"),
    ("/no/such/page", "/(unmatched)"),
])
def test_a_path_is_logged_as_its_route(path, route):
    assert route_of(path) == route


def test_the_access_log_line_holds_no_token_query_or_referer():
    config = Config()
    config.set("accesslog", "-")
    logger = RouteOnlyLogger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/p/{TOKEN}?x={TOKEN}", "PATH_INFO": f"/p/{TOKEN}",
               "QUERY_STRING": f"x={TOKEN}", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
               "HTTP_REFERER": f"https://rose.example/p/{TOKEN}"}
    request = SimpleNamespace(headers=[("REFERER", f"https://rose.example/p/{TOKEN}")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=5))
    line = " ".join(str(value) for value in atoms.values())
    assert TOKEN not in line
    assert atoms["U"] == "/p/<str:token>" and atoms["r"] == "GET /p/<str:token> HTTP/1.1"
