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
        from rose.referrals import hooks as referrals

        register("letters.deliver", every=dt.timedelta(seconds=30), func=letters_run)
        referrals.referral_status_panel.register(referral_letters_panel)
