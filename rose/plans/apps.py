from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "rose.plans"
    label = "plans"
    verbose_name = "Clinics and reduction plans"

    def ready(self) -> None:
        from rose.core.demo_hooks import DEMO_HOOKS
        from rose.messaging.hooks import RED_FLAG_HOOKS, SEND_CHECKS
        from rose.patients.views import PATIENT_PANEL_PROVIDERS
        from rose.plans.demo import add_demo_plans
        from rose.plans.selectors import first_appointment_stats
        from rose.plans.services import plan_text_check, red_flag_from_text
        from rose.plans.views.panel import plan_panel
        from rose.referrals.reports import FIRST_APPOINTMENT_PROVIDERS

        if first_appointment_stats not in FIRST_APPOINTMENT_PROVIDERS:
            FIRST_APPOINTMENT_PROVIDERS.append(first_appointment_stats)
        if plan_panel not in PATIENT_PANEL_PROVIDERS:
            PATIENT_PANEL_PROVIDERS.append(plan_panel)
        if add_demo_plans not in DEMO_HOOKS:
            DEMO_HOOKS.append(add_demo_plans)
        if red_flag_from_text not in RED_FLAG_HOOKS:
            RED_FLAG_HOOKS.append(red_flag_from_text)
        if plan_text_check not in SEND_CHECKS:
            SEND_CHECKS.append(plan_text_check)
