from rose.accounts.views.admin import admin_home, two_factor_reset_view, user_activity_log
from rose.accounts.views.auth import (
    lockout_response,
    login_view,
    logout_view,
    recovery_codes_view,
    two_factor_view,
)

__all__ = [
    "admin_home",
    "lockout_response",
    "login_view",
    "logout_view",
    "recovery_codes_view",
    "two_factor_reset_view",
    "two_factor_view",
    "user_activity_log",
]
