"""ROSE's URLs plus /bench/bare/: the bare Django page every ROSE page is compared with (25 rows
from the database through a Django template, the same middleware stack, no ROSE code)."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from rose.config.urls import urlpatterns as rose_urls

BARE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>Bare list</title></head><body><h1>Organisations</h1>"
    "<table>{% for row in rows %}<tr><td>{{ row.ods_code }}</td><td>{{ row.name }}</td>"
    "<td>{{ row.kind }}</td></tr>{% endfor %}</table></body></html>")


def bare_list(request: HttpRequest) -> HttpResponse:
    from rose.accounts.models import Organisation

    rows = Organisation.objects.order_by("ods_code").values("ods_code", "name", "kind")[:25]
    return HttpResponse(BARE.render({"rows": rows}, request))


urlpatterns = [path("bench/bare/", bare_list), *rose_urls]
