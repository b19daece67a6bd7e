"""The public landing page at / and the staff home page."""

from __future__ import annotations

from rose.core import hooks


def test_signed_out_visitors_get_a_public_landing_page_not_a_sign_in_form(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/learn/"' in html
    assert 'href="/calculator"' in html
    assert 'href="/accounts/login/"' in html
    assert 'name="password"' not in html  # sign-in is a link, not the page itself


def test_signed_in_staff_get_the_home_page_with_their_parts_of_the_service(client_for):
    client = client_for("coordinator")
    html = client.get("/").content.decode()
    assert "Parts of the service" in html
    assert "Sign in to ROSE" not in html


def test_home_page_shows_each_count_a_provider_gives_with_its_source(client_for):
    provider = lambda user: [{"label": "Referrals to triage", "count": 7, "href": "/referrals/",  # noqa: E731
                              "source": "Submitted referrals with no decision yet"}]
    client = client_for("nurse")
    with hooks.home_counts.override(provider):
        html = client.get("/").content.decode()
    assert ">7<" in html
    assert "Submitted referrals with no decision yet" in html


def test_the_nhs_font_server_is_allowed_by_the_content_security_policy_and_nothing_else_is(client, db):
    csp = client.get("/")["Content-Security-Policy"]
    font_src = next(part for part in csp.split("; ") if part.startswith("font-src"))
    assert font_src == "font-src 'self' data: https://assets.nhs.uk"
    assert "unsafe-inline" not in csp
