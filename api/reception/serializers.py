"""Input and output of the reception API. Output never names a denouncer: visits about a
denunciation have no citizens stored, and the results notice describes them without names."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.filters import SearchQuerySerializer
from api.petitions.serializers import SignerInputSerializer
from core.accounts.models import User
from core.petitions.choices import SEALED_SENDER_TYPES, PetitionType
from core.petitions.models import Petition
from core.reception.choices import (
    Employment,
    RefusalReason,
    RiskLevel,
    SessionKind,
    SessionStatus,
    VisitKind,
    VisitOutcome,
)
from core.reception.models import (
    Dialogue,
    Instruction,
    Matter,
    ReceptionOfficer,
    ReceptionRoom,
    ReceptionSession,
    Training,
    UnitProfile,
    Visit,
)
from core.reception.selectors.sessions import publication_checks
from core.reception.selectors.visits import visitor_label


def _users():
    return User.objects.filter(is_active=True)


#
# Visits and matters
#


class VisitCitizenInputSerializer(SignerInputSerializer):
    """One person of the visit; ``is_representative`` marks a group's representatives (Art. 29)."""


class VisitInputSerializer(serializers.Serializer):
    visited_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=VisitKind.choices, default=VisitKind.REGULAR)
    session = serializers.PrimaryKeyRelatedField(
        queryset=ReceptionSession.objects.all(), required=False, allow_null=True, default=None
    )
    petition_type = serializers.ChoiceField(choices=PetitionType.choices)
    field_code = serializers.CharField(max_length=40)
    content = serializers.CharField()
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    outcome = serializers.ChoiceField(
        choices=VisitOutcome.choices, help_text="“petition” registers the petition in the same step."
    )
    citizens = VisitCitizenInputSerializer(many=True, required=False, default=list)
    headcount = serializers.IntegerField(min_value=1, default=1)
    #: One description per document handed in (listed on the receipt, Form 02/TCD); the service checks them.
    documents_received = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=True), required=False, default=list
    )
    previously_resolved_by = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    refusal_reason = serializers.ChoiceField(
        choices=RefusalReason.choices, required=False, allow_blank=True, default=""
    )
    referred_to = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    matter_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="An earlier matter this visit repeats."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_matter_id(self, value):
        if value is not None and not Matter.objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("Unknown matter."))
        return value


class VisitFilterSerializer(SearchQuerySerializer):
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    outcome = serializers.ChoiceField(choices=VisitOutcome.choices, required=False, default="")
    petition_type = serializers.ChoiceField(choices=PetitionType.choices, required=False, default="")
    field_code = serializers.CharField(required=False, default="")
    kind = serializers.ChoiceField(choices=VisitKind.choices, required=False, default="")
    is_crowd = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_repeat = serializers.BooleanField(required=False, allow_null=True, default=None)
    session_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    matter_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class PetitionLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petition
        fields = ["id", "registry_number", "receipt_code", "status"]


class VisitOutputSerializer(serializers.ModelSerializer):
    received_by = serializers.CharField(source="received_by.display_name")
    visitors = serializers.SerializerMethodField()
    citizens = serializers.SerializerMethodField()
    petition = PetitionLinkSerializer(allow_null=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "number",
            "visited_at",
            "kind",
            "session",
            "place",
            "received_by",
            "received_by_id",
            "headcount",
            "is_crowd",
            "petition_type",
            "field_code",
            "content",
            "previously_resolved_by",
            "documents_received",
            "outcome",
            "refusal_reason",
            "refusal_notice_due_date",
            "refusal_notice_rule_basis",
            "referred_to",
            "petition",
            "matter",
            "is_repeat",
            "notice_due_date",
            "notice_rule_basis",
            "notified_on",
            "notes",
            "visitors",
            "citizens",
        ]

    def get_visitors(self, visit: Visit) -> str:
        return visitor_label(visit)

    def get_citizens(self, visit: Visit) -> list[dict]:
        if visit.petition_type in SEALED_SENDER_TYPES:
            return []
        return [
            {
                "id": link.citizen_id,
                "full_name": link.citizen.full_name,
                "id_kind": link.citizen.id_kind,
                "id_number": link.citizen.id_number,
                "address_street": link.citizen.address_street,
                "phone": link.citizen.phone,
                "is_representative": link.is_representative,
            }
            for link in visit.visitcitizen_set.all()
        ]


class VisitNotifyInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class MatterOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Matter
        fields = [
            "id",
            "title",
            "field_code",
            "is_hot_spot",
            "risk_level",
            "hot_spot_note",
            "has_crowd",
            "visit_count",
            "first_visit_on",
            "last_visit_on",
            "closed",
        ]


class MatterFilterSerializer(SearchQuerySerializer):
    hot_spot = serializers.BooleanField(required=False, allow_null=True, default=None)
    repeated = serializers.BooleanField(required=False, allow_null=True, default=None)


class HotSpotInputSerializer(serializers.Serializer):
    is_hot_spot = serializers.BooleanField(default=True)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        if data["is_hot_spot"] and not data["risk_level"]:
            raise serializers.ValidationError({"risk_level": [_("Choose the risk level.")]})
        return data


#
# Sessions and instructions
#


class SessionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=255)
    presiding = serializers.PrimaryKeyRelatedField(queryset=_users())
    is_substitution = serializers.BooleanField(default=False)
    substitution_reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    is_public = serializers.BooleanField(default=True)


class WeeklyScheduleInputSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday … 6 = Sunday")
    start = serializers.DateField()
    end = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=255)
    presiding = serializers.PrimaryKeyRelatedField(queryset=_users())
    kind = serializers.ChoiceField(choices=SessionKind.choices, default=SessionKind.PERIODIC)


class SessionFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SessionStatus.choices, required=False, default="")
    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False, default="")
    date_from = serializers.DateField(required=False, allow_null=True, default=None)
    date_to = serializers.DateField(required=False, allow_null=True, default=None)
    presiding_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    is_substitution = serializers.BooleanField(required=False, allow_null=True, default=None)


class InstructionOutputSerializer(serializers.ModelSerializer):
    assignee_name = serializers.SerializerMethodField()
    session_date = serializers.DateField(source="session.date")
    visit_number = serializers.CharField(source="visit.number", default=None)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Instruction
        fields = [
            "id",
            "session",
            "session_date",
            "visit",
            "visit_number",
            "text",
            "assignee_body",
            "assignee",
            "assignee_name",
            "due_date",
            "done_on",
            "result",
            "overdue",
        ]

    def get_assignee_name(self, instruction: Instruction) -> str:
        return instruction.assignee.display_name if instruction.assignee else ""

    def get_overdue(self, instruction: Instruction) -> bool:
        return instruction.done_on is None and instruction.due_date < timezone.localdate()


class SessionOutputSerializer(serializers.ModelSerializer):
    presiding_name = serializers.CharField(source="presiding.display_name")
    publish_by = serializers.SerializerMethodField()
    publication_late = serializers.SerializerMethodField()
    publication_warning = serializers.SerializerMethodField()
    visits: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    officers: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    instructions = InstructionOutputSerializer(many=True, read_only=True)
    notice_docx_url = serializers.SerializerMethodField()

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "kind",
            "date",
            "start_time",
            "end_time",
            "place",
            "presiding",
            "presiding_name",
            "is_substitution",
            "substitution_reason",
            "is_public",
            "published_on",
            "publish_by",
            "publication_late",
            "publication_warning",
            "status",
            "postponement_reason",
            "rescheduled_to",
            "attendees",
            "minutes",
            "officers",
            "visits",
            "instructions",
            "notice_number",
            "notice_date",
            "notice_docx_url",
        ]

    def _publication(self, session: ReceptionSession):
        """Computed once per session, and for a whole page at once in a list (one calendar)."""
        # The view's context is one dict shared by every serializer of the page (typed as a Mapping).
        cache = cast("dict[str, Any]", self.context).setdefault("publications", {})
        if session.pk not in cache:
            page = self.parent.instance if isinstance(self.parent, serializers.ListSerializer) else None
            cache.update(publication_checks(page if page is not None else [session]))
        return cache[session.pk]

    def get_publish_by(self, session: ReceptionSession) -> date | None:
        return self._publication(session).publish_by

    def get_publication_late(self, session: ReceptionSession) -> bool:
        return self._publication(session).late

    def get_publication_warning(self, session: ReceptionSession) -> str:
        return self._publication(session).warning

    def get_notice_docx_url(self, session: ReceptionSession) -> str | None:
        if not session.notice_number:
            return None
        path = reverse("api:reception:session-notice-docx", args=[session.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublishInputSerializer(serializers.Serializer):
    published_on = serializers.DateField(required=False, allow_null=True, default=None)


class SubstituteInputSerializer(serializers.Serializer):
    deputy = serializers.PrimaryKeyRelatedField(queryset=_users())
    reason = serializers.CharField(max_length=500)


class PostponeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    new_date = serializers.DateField(required=False, allow_null=True, default=None)
    new_start_time = serializers.TimeField(required=False, allow_null=True, default=None)


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class HoldInputSerializer(serializers.Serializer):
    attendees = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    officer_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The complete list of reception officers attending (omit to leave it unchanged).",
    )
    visit_ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The complete list of visits received in the session (omit to leave it unchanged).",
    )
    end_time = serializers.TimeField(required=False, allow_null=True, default=None)


class InstructionInputSerializer(serializers.Serializer):
    visit = serializers.PrimaryKeyRelatedField(queryset=Visit.objects.all(), required=False, allow_null=True)
    text = serializers.CharField()
    assignee_body = serializers.CharField(max_length=255)
    assignee = serializers.PrimaryKeyRelatedField(queryset=_users(), required=False, allow_null=True)
    due_date = serializers.DateField()


class NoticeInputSerializer(serializers.Serializer):
    """The number comes from the unit's register of outgoing documents."""

    notice_date = serializers.DateField()


class InstructionFilterSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[("open", "open"), ("overdue", "overdue"), ("done", "done")], required=False, default=""
    )
    mine = serializers.BooleanField(required=False, default=False)
    session_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class InstructionCompleteInputSerializer(serializers.Serializer):
    result = serializers.CharField()
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


#
# Dialogues
#


class DialogueInputSerializer(serializers.Serializer):
    petition = serializers.PrimaryKeyRelatedField(queryset=Petition.objects.all())
    scheduled_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=255)
    participants = serializers.CharField()
    invited_on = serializers.DateField(required=False, allow_null=True, default=None)


class DialogueRecordInputSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    outcome = serializers.CharField(required=False, allow_blank=True, default="")


class DialogueOutputSerializer(serializers.ModelSerializer):
    petition_registry_number = serializers.CharField(source="petition.registry_number")

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "petition",
            "petition_registry_number",
            "scheduled_at",
            "place",
            "invited_on",
            "participants",
            "minutes",
            "outcome",
            "held",
        ]


#
# Staff, rooms, profile, compliance
#


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Training
        fields = ["id", "course", "completed_on", "certificate"]


class OfficerOutputSerializer(serializers.ModelSerializer):
    trainings = TrainingSerializer(many=True, read_only=True)
    trained = serializers.SerializerMethodField()

    class Meta:
        model = ReceptionOfficer
        fields = ["id", "user", "full_name", "position", "employment", "appointed_on", "active", "trained", "trainings"]

    def get_trained(self, officer: ReceptionOfficer) -> bool:
        return bool(officer.trainings.all())


class OfficerInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    employment = serializers.ChoiceField(choices=Employment.choices)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    appointed_on = serializers.DateField(required=False, allow_null=True, default=None)
    user = serializers.PrimaryKeyRelatedField(queryset=_users(), required=False, allow_null=True, default=None)


class OfficerUpdateInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    employment = serializers.ChoiceField(choices=Employment.choices, required=False)
    position = serializers.CharField(max_length=150, required=False, allow_blank=True)
    appointed_on = serializers.DateField(required=False, allow_null=True)
    user = serializers.PrimaryKeyRelatedField(queryset=_users(), required=False, allow_null=True)
    active = serializers.BooleanField(required=False)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data):
        if data["start"] and data["end"] and data["end"] < data["start"]:
            raise serializers.ValidationError({"end": [_("The period must end after it starts.")]})
        return data


class DutyDaysOutputSerializer(serializers.Serializer):
    officer = serializers.IntegerField(source="officer.pk")
    full_name = serializers.CharField(source="officer.full_name")
    employment = serializers.CharField(source="officer.employment")
    days = serializers.ListField(child=serializers.DateField())
    count = serializers.IntegerField()


class TrainedShareOutputSerializer(serializers.Serializer):
    trained = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceptionRoom
        fields = ["id", "name", "address", "capacity", "equipment", "accessible", "online_ready"]


class UnitProfileSerializer(serializers.ModelSerializer):
    head = serializers.PrimaryKeyRelatedField(queryset=_users(), required=False, allow_null=True)
    head_name = serializers.SerializerMethodField()

    class Meta:
        model = UnitProfile
        fields = ["head", "head_name", "head_title", "reception_rules", "reception_address", "reception_hours"]
        extra_kwargs = {name: {"required": False} for name in fields}

    def get_head_name(self, profile: UnitProfile) -> str:
        return profile.head.display_name if profile.head else ""


class ComplianceWindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    per = serializers.CharField()
    required_days = serializers.IntegerField()
    head_days = serializers.IntegerField()
    substituted_days = serializers.IntegerField()
    compliant = serializers.BooleanField()
    legal_basis = serializers.CharField()


class ComplianceOutputSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    unit_kind = serializers.CharField()
    windows = ComplianceWindowSerializer(many=True)
    windows_short = serializers.IntegerField()
    sessions_held = serializers.IntegerField()
    head_days = serializers.IntegerField()
    substituted_days = serializers.IntegerField()
    published_late = serializers.IntegerField()
    notices_issued = serializers.IntegerField()
    instructions_overdue = serializers.IntegerField()
