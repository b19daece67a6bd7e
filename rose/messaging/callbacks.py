"""Provider callbacks (public URLs under /messaging/callbacks/, no session, no CSRF).

Notify: bearer token we chose (NOTIFY_CALLBACK_TOKEN), compared in constant time.
Twilio: X-Twilio-Signature checked with twilio's RequestValidator and TWILIO_AUTH_TOKEN.
All are idempotent: providers retry, and a repeat changes nothing.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rose.messaging.inbound import _parse_time, inbound_receive
from rose.messaging.providers.notify import STATUS_MAP as NOTIFY_STATUS
from rose.messaging.providers.twilio import STATUS_MAP as TWILIO_STATUS
from rose.messaging.receipts import receipt_apply
from rose.messaging.sms import clean_text

logger = logging.getLogger(__name__)


def _notify_authorised(request: HttpRequest) -> bool:
    expected = str(getattr(settings, "NOTIFY_CALLBACK_TOKEN", "") or "")
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].encode(), expected.encode())


def _json(request: HttpRequest) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
@require_POST
def notify_receipt(request: HttpRequest) -> HttpResponse:
    if not _notify_authorised(request):
        return JsonResponse({"error": "unauthorised"}, status=401)
    data = _json(request)
    if data is None or not (data.get("id") or data.get("reference")):
        return JsonResponse({"error": "bad request"}, status=400)
    raw = clean_text(str(data.get("status", "")))
    status = NOTIFY_STATUS.get(raw, "pending")
    found = receipt_apply(provider_id=clean_text(str(data.get("id", ""))),
                          reference=clean_text(str(data.get("reference") or "")),
                          status=status, detail=raw, provider="notify")
    if not found:
        logger.warning("Notify receipt for an unknown message")
    return JsonResponse({"result": "ok"})


@csrf_exempt
@require_POST
def notify_inbound(request: HttpRequest) -> HttpResponse:
    if not _notify_authorised(request):
        return JsonResponse({"error": "unauthorised"}, status=401)
    data = _json(request)
    if data is None or not data.get("id") or not data.get("source_number"):
        return JsonResponse({"error": "bad request"}, status=400)
    inbound_receive(provider="notify", provider_id=str(data["id"]), from_number=str(data["source_number"]),
                    to_number=str(data.get("destination_number", "")), body=str(data.get("message", "")),
                    received_at=_parse_time(str(data.get("date_received", ""))))
    return JsonResponse({"result": "ok"})


def _twilio_valid(request: HttpRequest) -> bool:
    from twilio.request_validator import RequestValidator

    token = str(getattr(settings, "TWILIO_AUTH_TOKEN", "") or "")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    base = str(getattr(settings, "ROSE_PUBLIC_BASE_URL", "") or "").rstrip("/")
    url = f"{base}{request.get_full_path()}" if base else request.build_absolute_uri()
    return RequestValidator(token).validate(url, request.POST.dict(), signature)


TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


@csrf_exempt
@require_POST
def twilio_inbound(request: HttpRequest) -> HttpResponse:
    if not _twilio_valid(request):
        return HttpResponse("Invalid signature", status=403)
    sid = request.POST.get("MessageSid") or request.POST.get("SmsSid") or ""
    if not sid or not request.POST.get("From"):
        return HttpResponse("Bad request", status=400)
    inbound_receive(provider="twilio", provider_id=sid, from_number=request.POST["From"],
                    to_number=request.POST.get("To", ""), body=request.POST.get("Body", ""))
    return HttpResponse(TWIML_EMPTY, content_type="text/xml")


@csrf_exempt
@require_POST
def twilio_status(request: HttpRequest) -> HttpResponse:
    if not _twilio_valid(request):
        return HttpResponse("Invalid signature", status=403)
    sid = clean_text(request.POST.get("MessageSid", ""))
    raw = clean_text(request.POST.get("MessageStatus", ""))
    # Our id rides in the callback URL (?ref=): the receipt names its row even before the sender
    # has recorded Twilio's id, and it only ever touches Twilio messages.
    if sid:
        receipt_apply(provider_id=sid, reference=clean_text(request.GET.get("ref", "")),
                      status=TWILIO_STATUS.get(raw, "pending"), detail=raw, provider="twilio")
    return HttpResponse(status=204)
