"""One worklist for the team: open inbox conversations and open tasks in one list (docs/worklist.md).

Urgent first, then by due time. A task's due time is stored when it is raised (rose.core.working_time);
a conversation's is worked out from its oldest open item (its oldest open urgent item when it has one)
by the same rule. Both lists are read already sorted by that order, so a page needs only the first
`page x size` rows of each: four queries whatever the size of the lists, and never more than
MAX_ROWS rows read (filters narrow the list beyond that).

Closing a red-flag text's task closes the text's items in the conversation, with the same note, and
closing the conversation closes the task (rose.messaging.conversations.conversation_handle): one event,
closed once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from rose.audit.models import AuditAction
from rose.audit.services import audit_log
from rose.core.working_time import due_at
from rose.messaging.models import Conversation, ConversationEvent, InboundMessage, InboxItem
from rose.patients.models import Task

FILTERS = {"all": "Everything open", "mine": "Assigned to me", "unassigned": "Not assigned", "urgent": "Urgent"}
PAGE_SIZE = 25
MAX_ROWS = 500


@dataclass(frozen=True)
class WorklistRow:
    kind: str  # "task" or "conversation"
    pk: Any
    patient: Any
    what: str
    urgent: bool
    due_at: dt.datetime | None
    raised_at: dt.datetime
    assigned_to: Any

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()

    def sort_key(self) -> tuple[Any, ...]:
        due = self.due_at or self.raised_at
        return (0 if self.urgent else 1, due, self.raised_at, self.kind, str(self.pk))


def _urgent_rank(condition: Q) -> Case:
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def worklist_tasks(*, user: Any, show: str = "all") -> QuerySet[Task]:
    """Open tasks of the user's programme, urgent first, then by due time (raised time if none)."""
    queryset = (Task.objects.filter(programme=getattr(user, "programme_id", None), status=Task.Status.OPEN)
                .select_related("patient", "assigned_to")
                .annotate(urgent_rank=_urgent_rank(Q(priority=Task.Priority.URGENT)),
                          due_key=Coalesce("due_at", "created_at")))
    queryset = _filtered(queryset, user=user, show=show)
    return queryset.order_by("urgent_rank", "due_key", "created_at", "id")


def worklist_conversations(*, user: Any, show: str = "all", for_count: bool = False) -> QuerySet[Conversation]:
    """Open conversations of the user's programme, urgent (an open urgent item) first, then oldest.
    `for_count` leaves out what only the rows shown need (the first item's summary, the patient)."""
    open_items = Q(items__handled_at__isnull=True)
    queryset = (Conversation.objects.filter(programme=getattr(user, "programme_id", None),
                                            status=Conversation.Status.OPEN)
                .annotate(first_urgent=Min("items__created_at", filter=open_items & Q(items__urgent=True)))
                .annotate(urgent_rank=_urgent_rank(Q(first_urgent__isnull=False))))
    queryset = _filtered(queryset, user=user, show=show)
    if for_count:
        return queryset
    first_item = (InboxItem.objects.filter(conversation=OuterRef("pk"), handled_at__isnull=True)
                  .order_by("-urgent", "created_at").values("summary")[:1])
    return (queryset.select_related("patient", "assigned_to")
            .annotate(first_open=Min("items__created_at", filter=open_items),
                      open_items=Count("items", filter=open_items), first_summary=Subquery(first_item))
            .annotate(since=Coalesce("first_urgent", "first_open", "last_activity_at"))
            .order_by("urgent_rank", "since", "id"))


def _filtered(queryset: QuerySet[Any], *, user: Any, show: str) -> QuerySet[Any]:
    if show == "mine":
        return queryset.filter(assigned_to=user)
    if show == "unassigned":
        return queryset.filter(assigned_to__isnull=True)
    if show == "urgent":
        return queryset.filter(urgent_rank=0)
    return queryset


def _task_row(task: Task) -> WorklistRow:
    return WorklistRow(kind="task", pk=task.pk, patient=task.patient, what=task.title,
                       urgent=task.priority == Task.Priority.URGENT, due_at=task.due_at, raised_at=task.created_at,
                       assigned_to=task.assigned_to)


def _conversation_row(conversation: Any) -> WorklistRow:
    urgent = conversation.urgent_rank == 0
    count = conversation.open_items
    what = "Texts: " + (conversation.first_summary or "new activity")
    if count > 1:
        what += f" (and {count - 1} more)"
    return WorklistRow(kind="conversation", pk=conversation.pk, patient=conversation.patient, what=what,
                       urgent=urgent, due_at=due_at(urgent=urgent, since=conversation.since),
                       raised_at=conversation.since, assigned_to=conversation.assigned_to)


class Worklist:
    """A sequence Django's Paginator can page through: the two sorted lists merged on demand."""

    def __init__(self, *, user: Any, show: str = "all") -> None:
        self.tasks = worklist_tasks(user=user, show=show)
        self.conversations = worklist_conversations(user=user, show=show)
        self.conversation_count = worklist_conversations(user=user, show=show, for_count=True)
        self.total = 0

    def count(self) -> int:
        self.total = self.tasks.count() + self.conversation_count.count()
        return min(self.total, MAX_ROWS)

    def __getitem__(self, key: slice) -> list[WorklistRow]:
        start, stop = key.start or 0, MAX_ROWS if key.stop is None else min(key.stop, MAX_ROWS)
        # The first `stop` rows of the merged list are among the first `stop` rows of each list,
        # because each is read in the merged order (a conversation's due time grows with `since`).
        rows = [_task_row(task) for task in self.tasks[:stop]]
        rows += [_conversation_row(conversation) for conversation in self.conversations[:stop]]
        rows.sort(key=WorklistRow.sort_key)
        return rows[start:stop]


# --- closing together ------------------------------------------------------------------------------

def on_task_done(*, task: Any, actor: Any, outcome: str, request: Any = None) -> None:
    """patients.hooks.task_done (in task_complete's transaction): a red-flag text's task closes that
    text's items in the patient's conversation with the same note; the conversation is handled when
    nothing else in it is open. Items already closed (from the inbox) are not closed again."""
    if task.kind != "red_flag_text" or task.source_type != InboundMessage._meta.label or not task.source_id:
        return
    conversation = (Conversation.objects.select_for_update()
                    .filter(patient_id=task.patient_id, status=Conversation.Status.OPEN).first())
    if conversation is None:
        return
    open_items = conversation.items.filter(handled_at__isnull=True)
    linked = open_items.filter(Q(source_type=InboundMessage._meta.label, source_id=task.source_id)
                               | Q(urgent=True, inbound_id=task.source_id))
    linked_ids = list(linked.values_list("pk", flat=True))
    if not linked_ids:
        return
    note = outcome or f"Closed with the task: {task.title}"
    if not open_items.exclude(pk__in=linked_ids).exists():
        from rose.messaging.conversations import conversation_handle

        conversation_handle(conversation=conversation, actor=actor, request=request, outcome=note)
        return
    _close_items(conversation, item_ids=linked_ids, inbound_id=task.source_id, actor=actor, note=note,
                 title=task.title, request=request)


def _close_items(conversation: Conversation, *, item_ids: list[Any], inbound_id: str, actor: Any, note: str,
                 title: str, request: Any) -> None:
    now = timezone.now()
    InboxItem.objects.filter(pk__in=item_ids).update(handled_at=now)
    InboundMessage.objects.filter(pk=inbound_id, handled_at__isnull=True).update(handled_at=now, handled_by=actor)
    conversation.urgent = conversation.items.filter(handled_at__isnull=True, urgent=True).exists()
    conversation.save(update_fields=["urgent", "updated_at"])
    ConversationEvent.objects.create(conversation=conversation, at=now, kind="items_handled", actor=actor,
                                     detail=f"With the task: {title}"[:200], note=note[:1000])
    audit_log(action=AuditAction.UPDATE, actor=actor, obj=conversation, patient=conversation.patient_id,
              request=request, detail={"items_handled": len(item_ids), "with_task": True})


@transaction.atomic
def worklist_assign(*, kind: str, obj: Any, assignee: Any, actor: Any, request: Any = None) -> Any:
    """Assign a worklist row (a task or a conversation) through its own audited service."""
    if kind == "task":
        from rose.patients.services import task_assign

        return task_assign(task=obj, assignee=assignee, actor=actor, request=request)
    from rose.messaging.conversations import conversation_assign

    return conversation_assign(conversation=obj, assignee=assignee, actor=actor, request=request)
