"""The referrer's view of the GP letters: a panel on the referral status page and the PDF download."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse

from rose.accounts.permissions import SignedInRequest, require_perm
from rose.audit.decorators import shows_patient_data
from rose.audit.services import audit_view
from rose.letters import selectors

if TYPE_CHECKING:
    from rose.referrals.models import Referral


def referral_letters_panel(*, request: HttpRequest, referral: Referral) -> dict[str, Any] | None:
    """For rose.referrals' status page: the letters sent to the GP about this patient (after acceptance)."""
    if not referral.patient_id:
        return None
    return {"template": "letters/_referral_panel.jinja", "letters": selectors.letters_for_referral(referral=referral)}


@shows_patient_data
@require_perm("referrals.create_referral")
def letter_download(request: SignedInRequest, delivery_id: str) -> HttpResponse:
    delivery = selectors.letter_for_referrer(user=request.user, delivery_id=delivery_id)
    audit_view(request, obj=delivery, patient=delivery.patient_id,
               detail={"download": "gp_letter", "document_version": delivery.document_version})
    if delivery.document is None:  # the selector only finds letters with a document
        raise Http404
    response = HttpResponse(bytes(delivery.document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rose-gp-letter-v{delivery.document_version}.pdf"'
    return response
