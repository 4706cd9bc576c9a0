"""The results the resolution steps record (domain.md §4.7 checked notes, §9): what a decision or
conclusion found and ordered, as 03/GQKN, 04/GQTC and 05/KQTH count it.

A complaint's decision records right / partly right / wrong (first level) or upheld / annulled
(second level); a denunciation's conclusion records right / partly right / wrong; both may record
money and land to recover for the State and to return to organisations and persons (money in đồng,
land in m²), organisations and persons whose rights were restored, persons recommended for
discipline (of whom officials) and a referral to the investigating body with the persons referred.
The handling step of a denunciation completes or corrects those figures; a complaint's withdrawal
records whether it came after explanation and persuasion. Whether a case was resolved on time comes
from its clocks, whether it was executed from its closing step; neither is typed in.

Called by ``workflow.petition_transition`` inside the step's transaction; the step's event carries
the case's results after it (``ResultFacts``), and so does the public case index.
"""

from __future__ import annotations

import dataclasses

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.caseindex.facts import RESULT_FIGURES, ResultFacts
from core.common.errors import ApplicationError
from core.common.models import model_field

from ..choices import FIRST_LEVEL_VERDICTS, SECOND_LEVEL_VERDICTS, PetitionType, ResultVerdict, TransitionName
from ..models import Petition, ResolutionResult

#: Amounts (đồng, m²) and counts a decision, a conclusion or a handling step may record.
FIGURES = RESULT_FIGURES
AMOUNTS = frozenset(FIGURES[:6])
#: Bounds that keep a typing slip out of the database's integer range (10^15 đồng is far above any budget).
MAX_AMOUNT = 10**15
MAX_COUNT = 10**6
RESULT = "result"
AFTER_EXPLANATION = "after_explanation"
REFERRED = "referred_to_investigation"
#: The inputs each step records; a step not listed records no result.
RESULT_STEPS: dict[str, tuple[str, ...]] = {
    TransitionName.COMPLAINT_DECIDE: (RESULT, *FIGURES, REFERRED),
    TransitionName.DENUNCIATION_CONCLUDE: (RESULT, *FIGURES, REFERRED),
    TransitionName.DENUNCIATION_HANDLE: (*FIGURES, REFERRED),
    TransitionName.COMPLAINT_WITHDRAW: (AFTER_EXPLANATION,),
}
RESULT_INPUTS = (RESULT, AFTER_EXPLANATION, *FIGURES, REFERRED)


def _flag(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _whole(data: dict, name: str) -> int:
    top = MAX_AMOUNT if name in AMOUNTS else MAX_COUNT
    value = data[name]
    try:
        number = (
            None if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()) else int(value)
        )
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 <= number <= top:
        field = model_field(ResolutionResult, name).verbose_name
        raise ApplicationError(
            _("“%(field)s” must be a whole number from 0 to %(max)s.")
            % {"field": field, "max": number_format(top, force_grouping=True)},
            extra={"field": name},
        )
    return number


def allowed_verdicts(petition: Petition) -> tuple[str, ...]:
    """A second-level complaint decision upholds or annuls; anything else is right, partly right or wrong."""
    second = petition.petition_type == PetitionType.COMPLAINT and petition.complaint_level == 2
    return SECOND_LEVEL_VERDICTS if second else FIRST_LEVEL_VERDICTS


def _verdict(petition: Petition, data: dict) -> str:
    value = data.get(RESULT) or ""
    allowed = allowed_verdicts(petition)
    if value not in allowed:
        choices = ", ".join(str(ResultVerdict(verdict).label) for verdict in allowed)
        raise ApplicationError(_("Record the result: %(choices)s.") % {"choices": choices}, extra={"field": RESULT})
    return value


def result_facts(result: ResolutionResult) -> ResultFacts:
    return ResultFacts(**{field.name: getattr(result, field.name) for field in dataclasses.fields(ResultFacts)})


def result_record(*, petition: Petition, step: str, data: dict) -> dict | None:
    """Record the results ``step`` carries in ``data`` on the (locked) petition; return the case's
    results after the step as plain facts, or None for a step that records no result.

    A figure left out keeps its value, so the handling step only states what it adds or corrects.
    """
    inputs = RESULT_STEPS.get(step)
    if inputs is None:
        return None
    result = ResolutionResult.objects.filter(petition=petition).first() or ResolutionResult(petition=petition)
    if RESULT in inputs:
        result.verdict = _verdict(petition, data)
    if AFTER_EXPLANATION in inputs:
        result.after_explanation = _flag(data.get(AFTER_EXPLANATION))
    for name in FIGURES:
        if name in inputs and data.get(name) not in (None, ""):
            setattr(result, name, _whole(data, name))
    if REFERRED in inputs and data.get(REFERRED) not in (None, ""):
        result.referred_to_investigation = _flag(data[REFERRED])
    # Persons referred to the investigating body mean the case was referred.
    result.referred_to_investigation = result.referred_to_investigation or result.investigation_persons > 0
    if result.discipline_officials > result.discipline_persons:
        raise ApplicationError(
            _("The officials recommended for discipline are among the persons recommended: at most %(count)d.")
            % {"count": result.discipline_persons},
            extra={"field": "discipline_officials"},
        )
    result.save()
    return dataclasses.asdict(result_facts(result))
