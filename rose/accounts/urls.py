from django.urls import path

from rose.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.two_factor_view, name="two_factor"),
    path("recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("logout/", views.logout_view, name="logout"),
    path("admin/", views.admin_home, name="admin_home"),
    path("admin/staff/<uuid:staff_id>/reset-two-factor/", views.two_factor_reset_view, name="two_factor_reset"),
    path("admin/staff/<uuid:staff_id>/activity/", views.user_activity_log, name="user_activity"),
]
