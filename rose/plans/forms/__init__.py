"""Forms for clinics, consultations and plan authoring. All RoseForm: specific messages, no 500s.

One module per concept: `base` (the shared RoseForm and date windows), `clinics`, `consultation`
and `plan` (authoring and changing a plan). The views import from those modules; the names are
re-exported here too.
"""

from rose.plans.forms.base import RoseForm, validation_messages, within
from rose.plans.forms.clinics import (
    BookingForm,
    ClinicFilterForm,
    ClinicianChoiceMixin,
    OutcomeForm,
    SlotForm,
    SlotSeriesForm,
)
from rose.plans.forms.consultation import ConsultationForm
from rose.plans.forms.plan import (
    ApproveForm,
    DoseForm,
    HoldForm,
    PlanForm,
    ReasonForm,
    SlowDownForm,
    StepForm,
)

__all__ = [
    "ApproveForm",
    "BookingForm",
    "ClinicFilterForm",
    "ClinicianChoiceMixin",
    "ConsultationForm",
    "DoseForm",
    "HoldForm",
    "OutcomeForm",
    "PlanForm",
    "ReasonForm",
    "RoseForm",
    "SlotForm",
    "SlotSeriesForm",
    "SlowDownForm",
    "StepForm",
    "validation_messages",
    "within",
]
