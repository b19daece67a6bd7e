from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "rose.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from rose.core.demo_hooks import DEMO_HOOKS, SYNTH_HOOKS
        from rose.referrals.demo import add_demo_referrals, synth_referrals

        if add_demo_referrals not in DEMO_HOOKS:
            DEMO_HOOKS.append(add_demo_referrals)
        if synth_referrals not in SYNTH_HOOKS:
            SYNTH_HOOKS.append(synth_referrals)
