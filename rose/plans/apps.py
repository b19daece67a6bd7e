from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "rose.plans"
    label = "plans"
    verbose_name = "Clinics and reduction plans"

    def ready(self) -> None:
        from rose.core import hooks
        from rose.messaging import hooks as messaging
        from rose.patients import hooks as patients
        from rose.plans.demo import add_demo_plans
        from rose.plans.selectors import first_appointment_stats
        from rose.plans.services import plan_text_check, red_flag_from_text
        from rose.plans.views.panel import plan_panel
        from rose.referrals import hooks as referrals

        referrals.first_appointment_stats.register(first_appointment_stats)
        patients.patient_panel.register(plan_panel)
        hooks.demo_data.register(add_demo_plans)
        messaging.red_flag.register(red_flag_from_text)
        messaging.send_check.register(plan_text_check)
