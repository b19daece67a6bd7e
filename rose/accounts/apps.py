from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rose.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
