"""Sign in with email and password, then a TOTP code (or a recovery code); sign out."""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rose.accounts.forms import LoginForm, SetupForm, TokenForm
from rose.accounts.models import User
from rose.accounts.selectors import has_confirmed_authenticator
from rose.accounts.services import totp_device_confirm, totp_device_pending, totp_device_start
from rose.audit.models import AuditAction
from rose.audit.services import audit_log


def lockout_response(request: HttpRequest, original_response: Any = None,
                     credentials: Any = None) -> HttpResponse:
    return render(request, "accounts/locked.jinja", {"page_title": "Account locked"}, status=429)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"].lower(),
                            password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            request.session["rose_started"] = int(time.time())
            request.session["rose_next"] = _safe_next(request)
            audit_log(action=AuditAction.LOGIN, actor=user, request=request, detail={"step": "password"})
            return redirect("accounts:two_factor")
        audit_log(action=AuditAction.LOGIN_FAILED, request=request, actor_label="anonymous",
                  detail={"reason": "bad_credentials"})
        form.add_error(None, "Enter a correct email address and password")
    return render(request, "accounts/login.jinja",
                  {"form": form, "page_title": "Sign in", "next": _safe_next(request)})


def _qr_data_uri(device: TOTPDevice, user: User) -> str:
    uri = device.config_url.replace("otpauth://totp/", f"otpauth://totp/{settings.OTP_TOTP_ISSUER}:", 1)
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _after_verified(request: HttpRequest) -> HttpResponse:
    return redirect(request.session.pop("rose_next", "") or settings.LOGIN_REDIRECT_URL)


def two_factor_view(request: HttpRequest) -> HttpResponse:
    """Verify a code; a user with no confirmed authenticator sets one up here first."""
    if not request.user.is_authenticated:
        return redirect(settings.LOGIN_URL)
    user: User = request.user
    if user.is_verified() or (settings.DEBUG and settings.ROSE_DEMO):  # type: ignore[attr-defined]
        return _after_verified(request)
    if not has_confirmed_authenticator(user=user):
        return _setup(request, user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                audit_log(action=AuditAction.LOGIN, actor=user, request=request,
                          detail={"step": "two_factor", "device": type(device).__name__})
                return _after_verified(request)
        audit_log(action=AuditAction.LOGIN_FAILED, actor=user, request=request,
                  detail={"reason": "bad_two_factor_code"})
        form.add_error("token", "The security code is not right. Check your app and try again")
    return render(request, "accounts/two_factor.jinja", {"form": form, "page_title": "Enter your security code"})


SETUP_DEVICE_KEY = "rose_totp_setup_device"


def _setup(request: HttpRequest, user: User) -> HttpResponse:
    """Each showing of the set-up page makes a new secret; a code is checked only against the secret
    this browser was shown (issue 12)."""
    form = SetupForm(request.POST or None)
    device = None
    if request.method == "POST":
        device = totp_device_pending(user=user, device_id=request.session.get(SETUP_DEVICE_KEY))
        if device is None:
            form.is_valid()
            form.add_error("token", "Your set-up code has changed. Scan the new QR code and enter the code it gives")
        elif form.is_valid():
            if device.verify_token(form.cleaned_data["token"]):
                codes = totp_device_confirm(user=user, device=device, actor=user)
                request.session.pop(SETUP_DEVICE_KEY, None)
                otp_login(request, device)
                request.session["rose_recovery_codes"] = codes
                return redirect("accounts:recovery_codes")
            form.add_error("token", "The security code is not right. Check the time on your phone and try again")
    if device is None:
        device = totp_device_start(user=user)
        request.session[SETUP_DEVICE_KEY] = device.pk
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/setup.jinja", {
        "form": form, "page_title": "Set up two-factor sign-in",
        "qr": _qr_data_uri(device, user), "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    })


def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop("rose_recovery_codes", None)
    if not request.user.is_authenticated or not codes:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/recovery_codes.jinja", {"codes": codes, "page_title": "Your recovery codes"})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_log(action=AuditAction.LOGOUT, actor=request.user, request=request)
    logout(request)
    messages.success(request, "You have signed out")
    return redirect(settings.LOGIN_URL)
