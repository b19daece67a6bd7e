"""A local HTTP server that speaks GOV.UK Notify's API, for tests and benchmarks.

It checks the JWT like Notify (HS256, `iss` = service id, `iat` within 30 seconds), answers
`POST /v2/notifications/sms` with 201 and the documented JSON (or 400/403/429/500 on demand),
looks notifications up by id or by `reference`, and serves received texts paged by `older_than`.
`behaviour(payload) -> str | int` picks the answer per request: "ok", 400, 429, 500 or
"accept_then_hang" (stores the message, then answers too late: the client times out);
`before_reply(record)` runs after accepting and before answering (a receipt racing the sender).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"rose_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify:
    def __init__(self, *, latency: float = 0.0, hang_seconds: float = 3.0) -> None:
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.behaviour: Callable[[dict[str, Any]], Any] = lambda payload: "ok"
        # Called with the stored notification after accepting and before answering 201: a test
        # can deliver a receipt that races the sender recording Notify's answer.
        self.before_reply: Callable[[dict[str, Any]], None] | None = None
        self.lock = threading.Lock()
        self.sent = threading.Condition(self.lock)  # notified on each send: tests wait on it, not on a clock
        self.notifications: dict[str, dict[str, Any]] = {}
        self.by_reference: dict[str, list[str]] = {}
        self.received: list[dict[str, Any]] = []  # newest first
        self.send_calls = 0
        self.auth_failures = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, status: int, error: str, message: str) -> None:
                self._reply(status, {"status_code": status, "errors": [{"error": error, "message": message}]})

            def _authorised(self) -> bool:
                header = self.headers.get("Authorization", "")
                token = header.removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
                except jwt.PyJWTError:
                    claims = None
                if not claims or claims.get("iss") != SERVICE_ID or abs(time.time() - claims.get("iat", 0)) > 30:
                    with server.lock:
                        server.auth_failures += 1
                    self._error(403, "AuthError", "Invalid token: signature, api token not found")
                    return False
                return True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if server.latency:
                    time.sleep(server.latency)
                if not self._authorised():
                    return
                if urlparse(self.path).path != "/v2/notifications/sms":
                    return self._error(404, "NotFound", "Not found")
                try:
                    payload = json.loads(raw)
                except ValueError:
                    return self._error(400, "BadRequestError", "Invalid JSON")
                missing = [k for k in ("phone_number", "template_id") if not payload.get(k)]
                if missing:
                    return self._error(400, "ValidationError", f"{missing[0]} is a required property")
                if payload["template_id"] != TEMPLATE_ID:
                    return self._error(400, "BadRequestError", "Template not found")
                with server.lock:
                    server.send_calls += 1
                    server.sent.notify_all()
                action = server.behaviour(payload)
                if action == 400:
                    return self._error(400, "ValidationError", "phone_number Not a UK mobile number")
                if action == 429:
                    return self._error(429, "RateLimitError", "Exceeded rate limit for key type LIVE of 3000 "
                                                              "requests per 60 seconds")
                if action == 500:
                    return self._error(500, "Exception", "Internal server error")
                notification_id = str(uuid.uuid4())
                body = payload.get("personalisation", {}).get("body", "")
                record = {"id": notification_id, "reference": payload.get("reference"), "status": "delivered",
                          "type": "sms", "phone_number": payload["phone_number"], "body": body,
                          "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())}
                with server.lock:
                    server.notifications[notification_id] = record
                    server.by_reference.setdefault(str(payload.get("reference")), []).append(notification_id)
                if server.before_reply is not None:
                    server.before_reply(record)
                if action == "accept_then_hang":
                    time.sleep(server.hang_seconds)
                self._reply(201, {
                    "id": notification_id, "reference": payload.get("reference"),
                    "content": {"body": body, "from_number": "ROSE"},
                    "uri": f"/v2/notifications/{notification_id}",
                    "template": {"id": TEMPLATE_ID, "version": 1, "uri": f"/v2/template/{TEMPLATE_ID}"},
                    "scheduled_for": None})

            def do_GET(self) -> None:
                if server.latency:
                    time.sleep(server.latency)
                if not self._authorised():
                    return
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/v2/notifications":
                    with server.lock:
                        ids = server.by_reference.get(query.get("reference", ""), []) if "reference" in query \
                            else list(server.notifications)
                        items = [server.notifications[i] for i in ids]
                    return self._reply(200, {"notifications": items, "links": {"current": self.path}})
                if url.path.startswith("/v2/notifications/"):
                    item = server.notifications.get(url.path.rsplit("/", 1)[-1])
                    if item is None:
                        return self._error(404, "NoResultFound", "No result found")
                    return self._reply(200, item)
                if url.path == "/v2/received-text-messages":
                    with server.lock:
                        texts = list(server.received)
                    older = query.get("older_than")
                    if older:
                        index = next((i for i, t in enumerate(texts) if t["id"] == older), len(texts))
                        texts = texts[index + 1:]
                    page = texts[:250]
                    links = {"current": self.path}
                    if page:  # like Notify: a next link whenever the page is not empty
                        links["next"] = f"/v2/received-text-messages?older_than={page[-1]['id']}"
                    return self._reply(200, {"received_text_messages": page, "links": links})
                return self._error(404, "NotFound", "Not found")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def add_received(self, *, user_number: str, content: str) -> str:
        text_id = str(uuid.uuid4())
        with self.lock:
            self.received.insert(0, {"id": text_id, "user_number": user_number, "notify_number": "07900000000",
                                     "content": content, "service_id": SERVICE_ID,
                                     "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())})
        return text_id

    def wait_for_sends(self, count: int, *, timeout: float, alive: Callable[[], bool] = lambda: True) -> bool:
        """Block until `count` texts have been sent: each send wakes the waiter (no sleeping and polling).
        Gives up after `timeout` seconds, or as soon as `alive()` is false (a worker process died); it also
        wakes once a second to ask `alive()`, since a dying process sends no notification."""
        deadline = time.monotonic() + timeout
        with self.sent:
            while self.send_calls < count and alive() and (left := deadline - time.monotonic()) > 0:
                self.sent.wait(min(left, 1.0))
            return self.send_calls >= count

    def sent_references(self) -> list[str]:
        with self.lock:
            return [n["reference"] for n in self.notifications.values()]

    def __enter__(self) -> FakeNotify:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
