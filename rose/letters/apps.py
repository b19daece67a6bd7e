from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "rose.letters"
    label = "letters"
    verbose_name = "GP letters delivery"

    def ready(self) -> None:
        import datetime as dt

        from rose.core.periodic import register
        from rose.letters.services import letters_run
        from rose.letters.views import referral_letters_panel
        from rose.referrals.views.referrer import STATUS_PANEL_PROVIDERS

        register("letters.deliver", every=dt.timedelta(seconds=30), func=letters_run)
        if referral_letters_panel not in STATUS_PANEL_PROVIDERS:
            STATUS_PANEL_PROVIDERS.append(referral_letters_panel)
