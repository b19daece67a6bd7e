from django.urls import path

from rose.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("add/", views.cohort_create, name="cohort_create"),
    path("reports/", views.group_reports, name="reports"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/add/", views.course_create, name="course_create"),
    path("courses/<uuid:course_id>/change/", views.course_edit, name="course_edit"),
    path("cohorts/<uuid:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<uuid:cohort_id>/change/", views.cohort_edit, name="cohort_edit"),
    path("cohorts/<uuid:cohort_id>/move/", views.cohort_reschedule, name="cohort_reschedule"),
    path("cohorts/<uuid:cohort_id>/cancel/", views.cohort_cancel, name="cohort_cancel"),
    path("cohorts/<uuid:cohort_id>/print/", views.cohort_print, name="cohort_print"),
    path("cohorts/<uuid:cohort_id>/offer/", views.cohort_offer, name="cohort_offer"),
    path("places/<uuid:enrolment_id>/answer/", views.enrolment_respond, name="enrolment_respond"),
    path("places/<uuid:enrolment_id>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("sessions/<uuid:session_id>/move/", views.session_move, name="session_move"),
    path("sessions/<uuid:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<uuid:session_id>/register/", views.session_register, name="session_register"),
    path("my-calendar/", views.calendar_feeds, name="calendar_feeds"),
    path("my-calendar/<uuid:feed_id>/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    # Public (no sign-in): the lead adds "/groups/calendar/" to PUBLIC_PREFIXES.
    path("calendar/sessions/<uuid:session_id>.ics", views.session_ics, name="session_ics"),
    path("calendar/<str:token>.ics", views.facilitator_feed, name="facilitator_feed"),
]
