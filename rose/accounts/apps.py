from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rose.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from rose.accounts.lockout import user_locked_out as tell_the_user

        user_locked_out.connect(tell_the_user, dispatch_uid="rose_lockout_email")
