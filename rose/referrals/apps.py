from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "rose.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from rose.core import hooks
        from rose.referrals.demo import add_demo_referrals, synth_referrals

        hooks.demo_data.register(add_demo_referrals)
        hooks.synth_data.register(synth_referrals)
