"""Helpers for the role tests every view needs: each role allowed or refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rose.accounts.roles import Role

ALL_ROLES = [role.value for role in Role]
REFUSED = (403, 404)


def check_roles(client_for: Callable, url: str, allowed: Iterable[str], *, method: str = "get",
                data: dict | None = None, ok: Iterable[int] = (200, 302), **user_kwargs) -> None:
    """Every role in `allowed` gets an ok status; every other role is refused (403 or 404)."""
    allowed = {str(role) for role in allowed}
    for role in ALL_ROLES:
        client = client_for(role, **user_kwargs)
        status = getattr(client, method)(url, data or {}).status_code
        where = f"{method.upper()} {url}"
        if role in allowed:
            assert status in tuple(ok), f"{role} should reach {where}: {status}"
        else:
            assert status in REFUSED, f"{role} must be refused {where}: {status}"
