from django.urls import path

from rose.messaging import callbacks, views, worklist_views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("worklist/", worklist_views.worklist, name="worklist"),
    path("worklist/tasks/<uuid:task_id>/assign/", worklist_views.worklist_task_assign, name="worklist_task_assign"),
    path("worklist/patients/<uuid:patient_id>/assign/", worklist_views.worklist_conversation_assign,
         name="worklist_conversation_assign"),
    path("patients/<uuid:patient_id>/", views.conversation, name="conversation"),
    path("patients/<uuid:patient_id>/reply/", views.conversation_reply, name="reply"),
    path("patients/<uuid:patient_id>/assign/", views.conversation_assign, name="assign"),
    path("patients/<uuid:patient_id>/handled/", views.conversation_handled, name="handled"),
    path("unknown-numbers/", views.unmatched, name="unmatched"),
    path("unknown-numbers/<uuid:inbound_id>/handled/", views.unmatched_handled, name="unmatched_handled"),
    path("not-sent/", views.failed, name="failed"),
    path("phone/", views.phone, name="phone"),
    path("phone/<uuid:patient_id>/", views.phone_patient, name="phone_patient"),
    path("callbacks/notify/status/", callbacks.notify_receipt, name="notify_receipt"),
    path("callbacks/notify/inbound/", callbacks.notify_inbound, name="notify_inbound"),
    path("callbacks/twilio/inbound/", callbacks.twilio_inbound, name="twilio_inbound"),
    path("callbacks/twilio/status/", callbacks.twilio_status, name="twilio_status"),
]
