"""Input and output of the inspectorate's API. Nothing here carries a name, an identity number, a
receipt code or a sealed identity: the figures and lists come from the PII-free case index and
reception facts, and a case opened under a grant is the allowlist of
``core.oversight.services.CASE_FIELDS``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.oversight.models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation
from core.oversight.selectors import SORT_KEYS
from core.petitions.choices import PetitionType
from core.reports.periods import PERIOD_KINDS


class DashboardQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=list(PERIOD_KINDS), required=False)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    sort = serializers.ChoiceField(
        choices=[*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)], required=False, default="code"
    )

    def validate(self, attrs):
        if ("period" in attrs) != ("year" in attrs):
            raise serializers.ValidationError({"period": _("Give both period and year, or neither.")})
        return attrs


class ReceptionFiguresSerializer(serializers.Serializer):
    visits = serializers.IntegerField(help_text="Visits (lượt) received in the period, any kind of reception.")
    persons = serializers.IntegerField(help_text="People received in those visits (a group counts its headcount).")
    crowd_visits = serializers.IntegerField(help_text="Crowd delegations received in the period.")
    crowd_persons = serializers.IntegerField(help_text="People in those crowd delegations.")
    repeat_visits = serializers.IntegerField(help_text="Visits about a matter already brought before.")
    head_sessions = serializers.IntegerField(help_text="Sessions held in the period by the head in person.")
    deputy_sessions = serializers.IntegerField(
        help_text="Sessions held in the period by a deputy standing in for the head (never the head's quota)."
    )
    windows = serializers.IntegerField(
        help_text="Weeks or months of the head's reception quota (rule in force) that ended in the period."
    )
    windows_compliant = serializers.IntegerField(
        help_text="Of those, windows in which the head received citizens in person on the required days."
    )
    compliance_rate = serializers.FloatField(
        allow_null=True, help_text="Percentage of windows compliant; null if none."
    )
    hot_spots_open = serializers.IntegerField(help_text="Open hot spots, today.")
    matters_repeated = serializers.IntegerField(help_text="Open matters brought repeatedly or by a crowd, today.")
    officers_active = serializers.IntegerField(help_text="Active reception officers, today.")
    officers_trained = serializers.IntegerField(help_text="Of those, officers with at least one training, today.")
    trained_share = serializers.FloatField(allow_null=True, help_text="Percentage of officers trained; null if none.")


class FiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text="Petitions received in the period.")
    received_by_type = serializers.DictField(child=serializers.IntegerField(), source="received_by.petition_type")
    received_by_field = serializers.DictField(child=serializers.IntegerField(), source="received_by.field_code")
    received_by_channel = serializers.DictField(child=serializers.IntegerField(), source="received_by.channel")
    received_by_status = serializers.DictField(
        child=serializers.IntegerField(), source="received_by.status", help_text="By their status today."
    )
    processed = serializers.IntegerField(help_text="Processing outcomes decided in the period.")
    processed_by_type = serializers.DictField(child=serializers.IntegerField(), source="processed_by.petition_type")
    processed_by_field = serializers.DictField(child=serializers.IntegerField(), source="processed_by.field_code")
    processed_by_channel = serializers.DictField(child=serializers.IntegerField(), source="processed_by.channel")
    processed_by_outcome = serializers.DictField(child=serializers.IntegerField(), source="processed_by.outcome")
    overdue = serializers.IntegerField(help_text="Open cases whose next clock has run out, today.")
    near_due = serializers.IntegerField(help_text="Open cases whose next clock runs out within 3 days.")
    resolved = serializers.IntegerField(help_text="Decisions, conclusions and answers in the period.")
    resolved_on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="Percentage resolved on time; null if none.")
    repeats = serializers.IntegerField(
        help_text="Petitions received in the period and registered while the same citizen's matter of the same "
        "field was pending or recently closed at another unit of the province."
    )
    skipped_level = serializers.IntegerField(
        help_text="Of those, petitions brought to a province-level unit while the matter was pending at a commune."
    )
    reception = ReceptionFiguresSerializer(help_text="Citizen reception: visits, the head's sessions, staff.")


class UnitFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    figures = FiguresSerializer()


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    year = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields (not Field.label)


class DashboardSerializer(serializers.Serializer):
    province_code = serializers.CharField()
    province_name = serializers.CharField()
    period = PeriodSerializer()
    today = serializers.DateField()
    as_of = serializers.DateTimeField()
    province = FiguresSerializer()
    units = UnitFiguresSerializer(many=True)
    stuck_transfers = serializers.IntegerField(
        help_text="transfers from or to the province's units whose delivery failed or whose receiver is late "
        "to answer, as of today (listed at chuyen-don/ton-dong/)"
    )


class DueListQuerySerializer(serializers.Serializer):
    due = serializers.ChoiceField(choices=["overdue", "near"], required=False, default="overdue")
    unit_code = serializers.CharField(required=False, default="")
    petition_type = serializers.ChoiceField(choices=PetitionType.choices, required=False, default="")
    field_code = serializers.CharField(required=False, default="")


class DueCaseSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.SerializerMethodField()
    case_id = serializers.UUIDField()
    registry_number = serializers.CharField()
    petition_type = serializers.CharField()
    field_code = serializers.CharField()
    status = serializers.CharField()
    received_date = serializers.DateField()
    due_date = serializers.DateField(source="next_due_date")

    def get_unit_name(self, entry) -> str:
        return self.context.get("unit_names", {}).get(entry.unit_code, entry.unit_code)


class CaseDeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    legal_basis = serializers.CharField()
    start_date = serializers.DateField()
    due_date = serializers.DateField(allow_null=True)
    state = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    extensions = serializers.IntegerField()
    is_statutory = serializers.BooleanField()
    state_label = serializers.CharField()


class CaseEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    event_date = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields (not Field.label)
    from_status_label = serializers.CharField()
    to_status_label = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    """A case of another unit, as an inspector sees it under a grant: no sender, no receipt code."""

    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    grant_valid_to = serializers.DateField()
    case_id = serializers.UUIDField()
    registry_number = serializers.CharField()
    received_date = serializers.DateField()
    channel = serializers.CharField()
    forwarded_by = serializers.CharField()
    forwarding_reference = serializers.CharField()
    petition_type = serializers.CharField()
    field_code = serializers.CharField()
    subject = serializers.CharField()
    summary = serializers.CharField()
    signer_kind = serializers.CharField()
    signer_count = serializers.IntegerField()
    is_confidential = serializers.BooleanField()
    has_concrete_evidence = serializers.BooleanField()
    status = serializers.CharField()
    is_processable = serializers.BooleanField(allow_null=True)
    not_processable_reason = serializers.CharField()
    within_jurisdiction = serializers.BooleanField(allow_null=True)
    outcome = serializers.CharField()
    competent_body = serializers.CharField()
    complaint_level = serializers.IntegerField(allow_null=True)
    complexity = serializers.CharField()
    is_remote_area = serializers.BooleanField()
    accepted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    extensions = serializers.IntegerField()
    decision_summary = serializers.CharField()
    next_due_date = serializers.DateField(allow_null=True)
    labels = serializers.DictField(child=serializers.CharField())
    deadlines = CaseDeadlineSerializer(many=True)
    timeline = CaseEventSerializer(many=True)


class GrantInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    unit_code = serializers.CharField(max_length=32)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    reason = serializers.CharField(max_length=500)


class GrantOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseAccessGrant
        fields = [
            "id",
            "username",
            "unit_code",
            "valid_from",
            "valid_to",
            "reason",
            "inspection",
            "granted_by",
            "approved_by",
            "approved_at",
            "revoked_at",
            "revoked_by",
            "created_at",
        ]


class AccessLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseAccessLog
        fields = ["id", "username", "unit_code", "case_id", "grant", "at"]


class InspectionInputSerializer(serializers.Serializer):
    unit_code = serializers.CharField(max_length=32)
    decision_number = serializers.CharField(max_length=100)
    scope = serializers.CharField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    team = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=False)
    findings = serializers.CharField(required=False, allow_blank=True, default="")
    issue_grants = serializers.BooleanField(
        required=False, default=True, help_text="Let the team open the unit's cases over the inspection dates."
    )


class InspectionUpdateSerializer(serializers.Serializer):
    unit_code = serializers.CharField(max_length=32, required=False)
    decision_number = serializers.CharField(max_length=100, required=False)
    scope = serializers.CharField(required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    team = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=False, required=False)
    findings = serializers.CharField(required=False, allow_blank=True)


class RecommendationOutputSerializer(serializers.ModelSerializer):
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = InspectionRecommendation
        fields = [
            "id",
            "inspection",
            "text",
            "unit_code",
            "due_date",
            "status",
            "done_on",
            "follow_up_notes",
            "is_late",
            "created_by",
            "created_at",
            "updated_at",
        ]


class InspectionOutputSerializer(serializers.ModelSerializer):
    recommendations = RecommendationOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "unit_code",
            "decision_number",
            "scope",
            "period_start",
            "period_end",
            "starts_on",
            "ends_on",
            "team",
            "findings",
            "created_by",
            "created_at",
            "recommendations",
        ]


class RecommendationInputSerializer(serializers.Serializer):
    text = serializers.CharField()
    due_date = serializers.DateField()
    unit_code = serializers.CharField(
        max_length=32, required=False, allow_blank=True, default="", help_text="The inspected unit if left out."
    )


class RecommendationUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False)
    due_date = serializers.DateField(required=False)
    unit_code = serializers.CharField(max_length=32, required=False)
    follow_up_notes = serializers.CharField(required=False, allow_blank=True)


class RecommendationDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationReopenSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class UnitRecommendationSerializer(serializers.ModelSerializer):
    """A recommendation as the responsible unit's leaders read it."""

    inspectorate_code = serializers.CharField(source="inspection.inspectorate_code")
    decision_number = serializers.CharField(source="inspection.decision_number")
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = InspectionRecommendation
        fields = [
            "id",
            "inspectorate_code",
            "decision_number",
            "text",
            "due_date",
            "status",
            "done_on",
            "is_late",
        ]
