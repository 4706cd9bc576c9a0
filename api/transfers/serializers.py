from __future__ import annotations

from rest_framework import serializers

from core.transfers.choices import Direction, TransferState
from core.transfers.models import Transfer
from core.transfers.selectors import has_sealed_identity, is_overdue


class TransferOutputSerializer(serializers.ModelSerializer):
    """A transfer as this unit sees it. The package is what travelled: never a sealed identity."""

    overdue = serializers.SerializerMethodField()
    petition = serializers.IntegerField(source="petition_id", allow_null=True, read_only=True)
    has_sealed_identity = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = [
            "id",
            "reference",
            "direction",
            "counterpart_code",
            "counterpart_name",
            "petition",
            "petition_type",
            "field_code",
            "subject",
            "legal_ground",
            "letters",
            "package",
            "state",
            "sent_on",
            "delivered_at",
            "acknowledged_on",
            "answered_on",
            "answer_reason",
            "onward_to_name",
            "due_date",
            "due_rule",
            "chased_on",
            "chase_count",
            "last_error",
            "origin_reference",
            "overdue",
            "has_sealed_identity",
        ]
        read_only_fields = fields

    def get_overdue(self, transfer: Transfer) -> bool:
        return is_overdue(transfer)

    def get_has_sealed_identity(self, transfer: Transfer) -> bool:
        return has_sealed_identity(transfer)


class TransferFilterSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    state = serializers.ChoiceField(choices=TransferState.choices, required=False)
    overdue = serializers.BooleanField(required=False, default=False)


class HistoryLineSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    direction = serializers.CharField()
    kind = serializers.CharField()
    message = serializers.CharField(source="label")
    state = serializers.CharField()
    error = serializers.CharField()


class DateInputSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)


class ReturnInputSerializer(DateInputSerializer):
    reason = serializers.CharField(max_length=1000)


class OnwardInputSerializer(DateInputSerializer):
    receiving_unit = serializers.CharField(max_length=32)
    legal_ground = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ChaseInputSerializer(DateInputSerializer):
    report_by = serializers.DateField(required=False, allow_null=True)


class SealedIdentitySerializer(serializers.Serializer):
    signers = serializers.ListField(child=serializers.DictField())


class UnitChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
