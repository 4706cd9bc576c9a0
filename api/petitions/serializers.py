"""Input and output of the petitions API. Output never carries a sealed identity."""

import dataclasses

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.caseindex.selectors import repeat_flags
from core.catalogue.models import PetitionField
from core.common.models import model_field
from core.petitions.choices import (
    Channel,
    ComplaintKind,
    Complexity,
    Escalation,
    NotProcessableReason,
    Outcome,
    PetitionType,
    PriorResolution,
    ResultVerdict,
    SignerKind,
)
from core.petitions.identity_documents import IdKind
from core.petitions.models import Citizen, Deadline, Petition, PetitionEvent, ResolutionResult
from core.petitions.selectors import sender_label
from core.petitions.services.results import AMOUNTS, FIGURES, MAX_AMOUNT, MAX_COUNT, result_facts


class SignerInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    id_kind = serializers.ChoiceField(choices=IdKind.choices, default=IdKind.NONE)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    birth_year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
    address_unit_code = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    address_street = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    is_representative = serializers.BooleanField(required=False, default=False)


class PetitionRegisterInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_date = serializers.DateField()
    petition_type = serializers.ChoiceField(choices=PetitionType.choices)
    field_code = serializers.CharField(max_length=40)
    subject = serializers.CharField(max_length=500)
    summary = serializers.CharField()
    signer_kind = serializers.ChoiceField(choices=SignerKind.choices)
    signers = SignerInputSerializer(many=True, required=False, default=list)
    signer_count = serializers.IntegerField(required=False, min_value=0)
    forwarded_by = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    forwarding_reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    has_concrete_evidence = serializers.BooleanField(required=False, default=False)
    complaint_kind = serializers.ChoiceField(choices=ComplaintKind.choices, default=ComplaintKind.ADMINISTRATIVE)
    escalation = serializers.ChoiceField(choices=Escalation.choices, required=False, allow_blank=True, default="")


class ClassifyInputSerializer(serializers.Serializer):
    is_processable = serializers.BooleanField()
    within_jurisdiction = serializers.BooleanField(required=False, allow_null=True, default=None)
    not_processable_reason = serializers.ChoiceField(
        choices=NotProcessableReason.choices, required=False, allow_blank=True, default=""
    )
    petition_type = serializers.ChoiceField(choices=PetitionType.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False)
    prior_resolution = serializers.ChoiceField(choices=PriorResolution.choices, required=False)
    same_matter_as = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="registry number of an earlier petition"
    )


class OutcomeInputSerializer(serializers.Serializer):
    """The outcome and what its documents need (``core.petitions.issuing.processing``); the service
    says which are required for which outcome."""

    outcome = serializers.ChoiceField(choices=Outcome.choices)
    competent_body = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    receiving_unit = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="forward: the code of a unit on the platform (GET transfers/units/?q=); it names the competent body",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False)
    legal_ground = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="the provision the letter cites"
    )
    reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="return: why (required)"
    )
    guidance = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        default="",
        help_text="guide: what the sender should do; a letter with mixed contents: how to split it (required)",
    )
    reference = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="chase: the earlier letter cited"
    )
    report_by = serializers.DateField(required=False, allow_null=True, default=None, help_text="chase: report by")


class ResultInputSerializer(serializers.Serializer):
    """The results a resolution step records (``core.petitions.services.results``): money in đồng, land in m²."""

    result = serializers.ChoiceField(choices=ResultVerdict.choices, required=False)
    after_explanation = serializers.BooleanField(required=False)
    referred_to_investigation = serializers.BooleanField(required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in FIGURES:
            top = MAX_AMOUNT if name in AMOUNTS else MAX_COUNT
            help_text = str(model_field(ResolutionResult, name).verbose_name)
            fields[name] = serializers.IntegerField(required=False, min_value=0, max_value=top, help_text=help_text)
        return fields


class TransitionInputSerializer(ResultInputSerializer):
    date = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=[1, 2], required=False)
    complexity = serializers.ChoiceField(choices=Complexity.choices, required=False)
    is_remote_area = serializers.BooleanField(required=False, help_text="Left out: as the unit is marked.")
    remote_area_basis = serializers.CharField(required=False, allow_blank=True)
    decision_known_on = serializers.DateField(required=False)
    limitation_obstacle = serializers.CharField(required=False, allow_blank=True)
    citizen_asked = serializers.BooleanField(required=False)
    minutes = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.CharField(required=False, allow_blank=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)
    measures = serializers.CharField(required=False, allow_blank=True)
    answer = serializers.CharField(required=False, allow_blank=True)
    channel = serializers.CharField(required=False, allow_blank=True)
    continue_handling = serializers.BooleanField(required=False)
    ground = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            "Refusal to accept (required): the code of a ground in force, Complaints Law Art. 11 for a "
            "complaint, Denunciations Law Art. 29(1) for a denunciation."
        ),
    )
    verifier = serializers.CharField(required=False, allow_blank=True, max_length=500)
    verification_content = serializers.CharField(required=False, allow_blank=True)
    verification_days = serializers.IntegerField(
        required=False, help_text="Complaint verification: days; left out, until the decision is due."
    )
    dialogue_time = serializers.TimeField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, max_length=255)
    participants = serializers.CharField(required=False, allow_blank=True)
    dialogue_result = serializers.CharField(required=False, allow_blank=True)
    verification_team = serializers.CharField(
        required=False, allow_blank=True, help_text="Denunciation acceptance: one member per line (Form 04)."
    )
    days = serializers.IntegerField(
        required=False, help_text="Denunciation extension: the days granted (1 to the rule's ceiling, 30)."
    )


class SealedReadInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class CitizenOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Citizen
        fields = ["id", "full_name", "id_kind", "id_number", "address_unit_code", "address_street", "phone"]


class PetitionListSerializer(serializers.ModelSerializer):
    sender = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "case_id",
            "registry_number",
            "received_date",
            "channel",
            "petition_type",
            "field_code",
            "subject",
            "status",
            "outcome",
            "next_due_date",
            "sender",
            "is_confidential",
        ]

    def get_sender(self, petition: Petition) -> str:
        return sender_label(petition)


class DeadlineOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = [
            "id",
            "code",
            "variant",
            "description",
            "legal_basis",
            "unit",
            "length",
            "start_event",
            "start_date",
            "pauses",
            "extensions",
            "rule_date",
            "due_date",
            "is_operative",
            "is_statutory",
            "state",
            "closed_on",
        ]


class EventOutputSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.display_name")

    class Meta:
        model = PetitionEvent
        fields = ["id", "kind", "from_status", "to_status", "event_date", "actor", "note", "at"]


class RepeatOutputSerializer(serializers.Serializer):
    """The same citizen's matter of the same field at another unit of the province: unit, date, state."""

    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    since = serializers.DateField(help_text="received there on")
    state = serializers.ChoiceField(choices=["pending", "closed"])
    closed_on = serializers.DateField(allow_null=True)
    skipped_level = serializers.BooleanField(help_text="brought to a province-level unit while pending at a commune")
    message = serializers.CharField()


class PetitionDetailSerializer(PetitionListSerializer):
    senders = serializers.SerializerMethodField()
    repeats = serializers.SerializerMethodField()
    deadlines = DeadlineOutputSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField(
        help_text="what the decision or conclusion found (money in đồng, land in m²)"
    )

    class Meta(PetitionListSerializer.Meta):
        fields = [
            *PetitionListSerializer.Meta.fields,
            "receipt_code",
            "forwarded_by",
            "forwarding_reference",
            "signer_kind",
            "signer_count",
            "summary",
            "has_concrete_evidence",
            "is_processable",
            "not_processable_reason",
            "within_jurisdiction",
            "competent_body",
            "complaint_level",
            "complexity",
            "complaint_kind",
            "escalation",
            "is_remote_area",
            "remote_area_basis",
            "accepted_on",
            "decided_on",
            "closed_on",
            "extensions",
            "decision_summary",
            "prior_resolution",
            "senders",
            "deadlines",
            "allowed_actions",
            "result",
            "repeats",
        ]

    def get_senders(self, petition: Petition) -> list[dict]:
        if petition.is_confidential:
            return []
        return list(CitizenOutputSerializer(petition.citizens.all(), many=True).data)

    @extend_schema_field(RepeatOutputSerializer(many=True))
    def get_repeats(self, petition: Petition) -> list[dict]:
        flags = repeat_flags(case_id=petition.case_id)
        rows = [
            {
                "unit_code": flag.unit_code,
                "unit_name": flag.unit_name,
                "since": flag.since,
                "state": "pending" if flag.is_pending else "closed",
                "closed_on": flag.closed_on,
                "skipped_level": flag.skipped_level,
                "message": flag.message,
            }
            for flag in flags
        ]
        return list(RepeatOutputSerializer(rows, many=True).data)

    def get_result(self, petition: Petition) -> dict | None:
        result = ResolutionResult.objects.filter(petition=petition).first()
        return None if result is None else dataclasses.asdict(result_facts(result))

    def get_allowed_actions(self, petition: Petition) -> list[dict]:
        from core.petitions.selectors import allowed_outcomes
        from core.petitions.workflow import allowed_transitions

        user = self.context["request"].user
        actions = [{"name": t.name, "label": str(t.label)} for t in allowed_transitions(petition, user)]
        if user.has_perm("petitions.process_petition"):
            actions += [{"name": f"outcome.{o}", "label": str(Outcome(o).label)} for o in allowed_outcomes(petition)]
        return actions


class FieldOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = PetitionField
        fields = ["code", "name_vi", "name_en"]
