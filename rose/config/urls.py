"""Root URLconf. Each domain app owns its namespaced urls.py."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import include, path, re_path, reverse
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rose.audit.admin import harden_admin_site


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponseRedirect:
    """Django's admin signs in through ROSE's own login and two-factor, never its own form."""
    return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:login"))


def _wagtail_login(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseRedirect:
    """Wagtail's admin and page-privacy sign-in pages take a `username` that the lockout does not count
    and write no audit row (issue 12): every sign-in goes through ROSE's own, with two-factor. A POST here
    never checks a password."""
    target = request.GET.get("next") or request.POST.get("next") or "/cms/"
    return redirect_to_login(target, login_url=reverse("accounts:login"))


admin.site.login = _admin_login  # type: ignore[method-assign]
# No secrets in any admin page; every admin page view and change audited (rose/audit/admin.py).
harden_admin_site(admin.site)
admin.site.site_header = "ROSE reference data"

handler403 = "rose.core.views.permission_denied"
handler404 = "rose.core.views.page_not_found"
handler500 = "rose.core.views.server_error"

urlpatterns = [
    path("", include("rose.core.urls")),
    path("accounts/", include("rose.accounts.urls")),
    path("patients/", include("rose.patients.urls")),
    path("p/", include("rose.patients.link_urls")),
    path("medicines/", include("rose.medicines.urls")),
    path("referrals/", include("rose.referrals.urls")),
    path("plans/", include("rose.plans.urls")),
    path("groups/", include("rose.groups.urls")),
    path("messaging/", include("rose.messaging.urls")),
    path("outcomes/", include("rose.outcomes.urls")),
    path("api/v1/", include("rose.medicines.api_urls")),
    path("fhir/", include("rose.referrals.fhir_urls")),
    path("letters/", include("rose.letters.urls")),
    path("calculator", RedirectView.as_view(pattern_name="medicines:calculator", permanent=False),
         name="calculator"),
    # NHS.UK frontend's compiled CSS asks for its icons at /assets/...; they are served with our static files.
    re_path(r"^assets/(?P<path>[\w./-]+)$", RedirectView.as_view(url=f"{settings.STATIC_URL}nhsuk/assets/%(path)s",
                                                                  permanent=True)),
    path("", include("rose.hub.urls")),
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own patterns, so these shadow its sign-in views (tests/test_access_matrix.py checks
    # that no view built on Django's LoginView is reachable).
    path("cms/login/", _wagtail_login, name="wagtail_login_redirect"),
    path("learn/_util/login/", _wagtail_login, name="hub_login_redirect"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("learn/", include(wagtail_urls)),
]

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
