"""One form per question page of the referral, plus the triage and token forms.

One module per concept: `medicines` (the opioids page and its dosing times, shared with the
consultation form), `steps` (the other question pages, and the adult age rule FHIR intake also
uses) and `triage` (decisions, filters, tokens, search). The views use the names re-exported here.
"""

from rose.referrals.forms.medicines import (
    OPIOID_ROWS,
    OpioidsStepForm,
    add_dose_time_fields,
    clean_dose_times,
    dose_time_rows,
    dose_times_open,
)
from rose.referrals.forms.steps import (
    ADULT_AGE,
    YES_NO,
    EligibilityStepForm,
    OtherMedicinesStepForm,
    PainStepForm,
    PatientStepForm,
    ReasonStepForm,
    RiskStepForm,
    age_on,
)
from rose.referrals.forms.triage import (
    AnswerForm,
    ApiTokenForm,
    DecisionForm,
    PathwayForm,
    QueueFilterForm,
    TriageSearchForm,
    WithdrawForm,
)

__all__ = [
    "ADULT_AGE",
    "OPIOID_ROWS",
    "YES_NO",
    "AnswerForm",
    "ApiTokenForm",
    "DecisionForm",
    "EligibilityStepForm",
    "OpioidsStepForm",
    "OtherMedicinesStepForm",
    "PainStepForm",
    "PathwayForm",
    "PatientStepForm",
    "QueueFilterForm",
    "ReasonStepForm",
    "RiskStepForm",
    "TriageSearchForm",
    "WithdrawForm",
    "add_dose_time_fields",
    "age_on",
    "clean_dose_times",
    "dose_time_rows",
    "dose_times_open",
]
