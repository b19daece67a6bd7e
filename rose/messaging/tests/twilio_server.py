"""A local HTTP server that speaks enough of Twilio's Programmable Messaging API for tests.

It checks HTTP basic auth (account SID and auth token) like Twilio, answers
`POST /2010-04-01/Accounts/{sid}/Messages.json` (form-encoded To, From, Body, StatusCallback) with
201 and the documented message JSON, lists messages filtered by `To` and `DateSent>`, and fetches
one by SID. `behaviour(form) -> str | int` picks the answer per send: "ok", 400 (Twilio's older
error JSON, code 21211), "rfc9457" (a 400 in RFC 9457 problem form), 429, 500, or
"accept_then_hang" (stores the message, then answers after the client has given up).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

ACCOUNT_SID = "AC" + "0" * 30 + "1"
AUTH_TOKEN = "f" * 32
FROM = "+447700900999"


class FakeTwilio:
    def __init__(self, *, hang_seconds: float = 3.0) -> None:
        self.hang_seconds = hang_seconds
        self.behaviour: Callable[[dict[str, str]], Any] = lambda form: "ok"
        self.lock = threading.Lock()
        self.messages: dict[str, dict[str, Any]] = {}
        self.send_calls = 0
        self.auth_failures = 0
        server = self
        base = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages"

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def _reply(self, status: int, body: dict[str, Any], content_type: str = "application/json") -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, code: int, message: str) -> None:
                self._reply(status, {"code": code, "message": message, "status": status,
                                     "more_info": f"https://www.twilio.com/docs/errors/{code}"})

            def _authorised(self) -> bool:
                expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                if self.headers.get("Authorization", "") != f"Basic {expected}":
                    with server.lock:
                        server.auth_failures += 1
                    self._error(401, 20003, "Authenticate")
                    return False
                return True

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if not self._authorised():
                    return
                if urlparse(self.path).path != f"{base}.json":
                    self._error(404, 20404, "The requested resource was not found")
                    return
                form = {key: values[0] for key, values in parse_qs(raw).items()}
                with server.lock:
                    server.send_calls += 1
                answer = server.behaviour(form)
                if answer == 400:
                    self._error(400, 21211, f"The 'To' number {form.get('To')} is not a valid phone number.")
                    return
                if answer == "rfc9457":
                    self._reply(400, {"type": "https://www.twilio.com/docs/errors/21211", "title": "Invalid 'To'",
                                      "status": 400, "code": 21211, "detail": "The 'To' number is not valid."},
                                "application/problem+json")
                    return
                if answer in (429, 500):
                    self._error(answer, 20429 if answer == 429 else 20500, "Too Many Requests" if answer == 429
                                else "Internal Server Error")
                    return
                if not form.get("To") or not form.get("Body") or form.get("From") != FROM:
                    self._error(400, 21604, "A 'To', 'From' and 'Body' are required.")
                    return
                record = server.store(form)
                if answer == "accept_then_hang":
                    time.sleep(server.hang_seconds)
                self._reply(201, record)

            def do_GET(self) -> None:
                if not self._authorised():
                    return
                url = urlparse(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path == f"{base}.json":
                    after = query.get("DateSent>")
                    since = dt.datetime.fromisoformat(after.replace("Z", "+00:00")) if after else None
                    with server.lock:
                        found = [m for m in server.messages.values()
                                 if m["to"] == query.get("To", m["to"]) and (since is None or m["_sent_at"] >= since)]
                    self._reply(200, {"messages": [server.public(m) for m in found], "end": len(found) - 1,
                                      "first_page_uri": f"{base}.json?PageSize=50&Page=0", "next_page_uri": None,
                                      "page": 0, "page_size": 50, "previous_page_uri": None, "start": 0,
                                      "uri": url.path})
                    return
                sid = url.path.removeprefix(f"{base}/").removesuffix(".json")
                with server.lock:
                    record = server.messages.get(sid)
                if record is None:
                    self._error(404, 20404, "The requested resource was not found")
                    return
                self._reply(200, server.public(record))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def store(self, form: dict[str, str]) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        sid = "SM" + uuid.uuid4().hex
        record = {"sid": sid, "account_sid": ACCOUNT_SID, "to": form["To"], "from": form["From"],
                  "body": form["Body"], "status": "queued", "num_segments": "1", "direction": "outbound-api",
                  "date_created": format_datetime(now), "date_updated": format_datetime(now), "date_sent": None,
                  "error_code": None, "error_message": None, "price": None, "price_unit": "GBP",
                  "api_version": "2010-04-01", "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
                  "_sent_at": now, "_status_callback": form.get("StatusCallback", "")}
        with self.lock:
            self.messages[sid] = record
        return self.public(record)

    @staticmethod
    def public(record: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in record.items() if not key.startswith("_")}

    def set_status(self, sid: str, status: str) -> None:
        with self.lock:
            self.messages[sid]["status"] = status

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeTwilio:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
