"""Questionnaire instruments: load a definition (validated, versioned) and find the active version of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.outcomes import instruments as defs
from rose.outcomes.models import Instrument

if TYPE_CHECKING:
    from rose.accounts.models import User


@transaction.atomic
def instrument_load(*, definition: dict[str, Any], builtin: bool = False, actor: User | None = None) -> Instrument:
    """Validate and store a definition. The same code and version twice must be identical."""
    defs.validate_definition(definition)
    existing = Instrument.objects.filter(code=definition["code"], version=str(definition["version"])).first()
    if existing is not None:
        if existing.definition != definition:
            raise defs.DefinitionError([f"{definition['code']} version {definition['version']} is already loaded "
                                        "with different content: give the changed file a new version"])
        return existing
    Instrument.objects.filter(code=definition["code"]).update(active=False)
    instrument = Instrument.objects.create(code=definition["code"], version=str(definition["version"]),
                                           name=definition["name"][:200], definition=definition, builtin=builtin)
    audit_log(action=AuditAction.CREATE, actor=actor, actor_label=None if actor else "system", obj=instrument,
              detail={"instrument": instrument.code, "version": instrument.version})
    return instrument


def instruments_sync_builtin() -> None:
    for definition in defs.builtin_definitions():
        if not Instrument.objects.filter(code=definition["code"], version=str(definition["version"])).exists():
            instrument_load(definition=definition, builtin=True)


def instruments_current(codes: list[str]) -> dict[str, Instrument]:
    """The active version of each code, loading the built-in files on first use."""
    found = {i.code: i for i in Instrument.objects.filter(code__in=codes, active=True)}
    if len(found) < len(set(codes)) and any(c in defs.BUILTIN_CODES for c in codes if c not in found):
        instruments_sync_builtin()
        found = {i.code: i for i in Instrument.objects.filter(code__in=codes, active=True)}
    return found
