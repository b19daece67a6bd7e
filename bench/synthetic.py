"""Shared by the benchmarks: Django set-up, a bench programme, and N synthetic patients (`manage.py synth`).

`django_setup()` is what each benchmark does first (settings module and database defaults, the
environment winning; `django.setup()`; the test client's host when asked; migrate once).
`bench_programme()` gets or makes a benchmark's own programme. `ensure_patients()` tops the
"synthetic" programme up to `patients` (only the missing ones are generated, so a second run reuses
the data) and refreshes PostgreSQL's planner statistics as autovacuum would after a bulk load.
`ensure_conversations()` gives a share of those patients texts in the nurse inbox.
`machine_line()` is the machine line every benchmark reports.
"""

from __future__ import annotations

import io
import os
import platform
import time
from typing import Any

PER_PROGRAMME = 800_000  # the 999 test range holds about 900,000 valid NHS numbers; synth starts at 100,000
_migrated = False


def django_setup(*, database_url: str = "", settings: str = "rose.config.settings.test", test_client: bool = False,
                 migrate: bool = True) -> None:
    """Default DJANGO_SETTINGS_MODULE and DATABASE_URL (either set in the environment wins), set Django up,
    let the test client's "testserver" host in when `test_client`, and migrate (once a process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    if database_url:
        os.environ.setdefault("DATABASE_URL", database_url)
    import django

    django.setup()
    if test_client:
        from django.conf import settings as django_settings

        django_settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "testserver"]
    if migrate:
        migrate_once()


def migrate_once() -> None:
    global _migrated
    if not _migrated:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _migrated = True


def bench_programme(slug: str, name: str) -> Any:
    """The benchmark's own programme, made on the first run and reused after."""
    from rose.accounts.models import Programme

    return Programme.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def ensure_patients(patients: int, *, patients_only: bool = False, quiet: bool = False,
                    programme: str = "synthetic") -> Any:
    from django.core.management import call_command
    from django.db import connection

    from rose.accounts.models import Programme
    from rose.patients.models import Patient

    migrate_once()
    slug = programme
    found = Programme.objects.filter(slug=slug).first()
    have = Patient.objects.filter(programme=found).count() if found else 0
    if have < patients:
        started = time.perf_counter()
        options: dict[str, Any] = {"patients_only": True, "programme": slug} if patients_only else {"programme": slug}
        call_command("synth", patients=patients - have, stdout=io.StringIO(), **options)
        elapsed = time.perf_counter() - started
        if not quiet:
            made = patients - have
            print(f"synth: {made:,} patients in {elapsed:.1f} s ({made / elapsed:,.0f} a second)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    return Programme.objects.get(slug=slug)


def ensure_many(patients: int, **kwargs: Any) -> list[Any]:
    """`patients` synthetic patients over as many programmes as the test NHS number range needs
    ("synthetic", "synthetic-2", ...), as a national service would hold them."""
    programmes, left, index = [], patients, 1
    while left > 0:
        size = min(left, PER_PROGRAMME)
        slug = "synthetic" if index == 1 else f"synthetic-{index}"
        programmes.append(ensure_patients(size, programme=slug, **kwargs))
        left, index = left - size, index + 1
    return programmes


def machine_line(total_patients: int) -> str:
    from django.db import connection

    return (f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}, "
            f"{total_patients:,} patients, load average {os.getloadavg()[0]:.1f}")


# (text, urgent): what an inbox shows, a red-flag-like text now and then
INBOUND_TEXTS = (
    ("Can someone call me about my next appointment please?", False),
    ("Is it ok to take paracetamol with my tablets?", False),
    ("Pain a bit worse this week but managing", False),
    ("Having really bad withdrawals since the dose went down, cant stop shaking", True),
    ("I missed my dose yesterday, what should I do", False),
    ("Can I move my group session to Thursday", False),
)


def ensure_conversations(programme: Any, *, share: float = 0.1, texts: int = 2, quiet: bool = False) -> int:
    """Inbox data for `share` of the programme's patients with a mobile: for each, `texts` inbound texts a day
    apart, an inbox item for each and the conversation (one in five handled, one in six urgent, as the texts
    say), written with bulk_create in batches of 2,000 patients. Only what is missing is made, so a second
    run reuses it; the same patients each time (the first by id). Returns the conversations made."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from rose.messaging.models import Conversation, InboundMessage, InboxItem
    from rose.patients.models import Patient

    patients = Patient.objects.filter(programme=programme).exclude(mobile="")
    wanted = int(patients.count() * share) - Conversation.objects.filter(programme=programme).count()
    if wanted <= 0:
        return 0
    started, now, made = time.perf_counter(), timezone.now(), 0
    rows = list(patients.filter(conversation__isnull=True).order_by("id").values_list("id", "mobile")[:wanted])
    for offset in range(0, len(rows), 2000):
        inbound, conversations, items = [], [], []
        for index, (patient_id, mobile) in enumerate(rows[offset:offset + 2000], start=offset):
            handled = index % 5 == 4
            last = now - dt.timedelta(minutes=index % 10_000)
            chosen = [INBOUND_TEXTS[(index + k) % len(INBOUND_TEXTS)] for k in range(texts)]
            conversation = Conversation(programme=programme, patient_id=patient_id, last_activity_at=last,
                                        urgent=any(urgent for _, urgent in chosen) and not handled,
                                        status=Conversation.Status.HANDLED if handled else Conversation.Status.OPEN,
                                        handled_at=last + dt.timedelta(hours=1) if handled else None)
            conversations.append(conversation)
            for k, (body, urgent) in enumerate(chosen):
                text = InboundMessage(
                    provider="synthetic", provider_id=f"synth-{patient_id}-{k}", programme=programme,
                    patient_id=patient_id, from_number=mobile, body=body,
                    received_at=last - dt.timedelta(days=texts - 1 - k),
                    outcome=InboundMessage.Outcome.RED_FLAG if urgent else InboundMessage.Outcome.INBOX,
                    red_flag_rule="severe_withdrawal" if urgent else "")
                inbound.append(text)
                summary = "Red flag text: severe withdrawal or seizure" if urgent else "Text from the patient"
                items.append(InboxItem(conversation=conversation, patient_id=patient_id, inbound=text, urgent=urgent,
                                       summary=summary, handled_at=conversation.handled_at))
        with transaction.atomic():
            InboundMessage.objects.bulk_create(inbound)
            Conversation.objects.bulk_create(conversations)
            InboxItem.objects.bulk_create(items)
        made += len(conversations)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("messaging_inboundmessage", "messaging_conversation", "messaging_inboxitem"):
                cursor.execute(f"ANALYZE {table}")
    if not quiet:
        print(f"synthetic inbox: {made:,} conversations, {made * texts:,} texts in "
              f"{time.perf_counter() - started:.1f} s")
    return made
