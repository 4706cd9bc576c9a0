from django.urls import reverse
from rest_framework import serializers

from core.reports.definitions import FORM_CODES
from core.reports.models import ReportJob
from core.reports.periods import PERIOD_KINDS
from core.reports.selectors import MAX_YEAR, MIN_YEAR


class ReportQuerySerializer(serializers.Serializer):
    form = serializers.ChoiceField(
        choices=FORM_CODES, help_text="01/TCD, 02/XLD, 03/GQKN, 04/GQTC or 05/KQTH (unverified form)"
    )
    period = serializers.ChoiceField(choices=list(PERIOD_KINDS), help_text="q1…q4, 6m, 9m or year")
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)


class UnitReportQuerySerializer(ReportQuerySerializer):
    live = serializers.BooleanField(
        required=False, default=False, help_text="Recompute now even when the report has been submitted."
    )


class JobInputSerializer(ReportQuerySerializer):
    form = serializers.ChoiceField(
        choices=[*FORM_CODES, ReportJob.ALL_FORMS], help_text="a form, or ALL for every form in one workbook"
    )


class PeriodOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    year = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields (not Field.label)
    form_version = serializers.CharField()


class ColumnOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="the column number printed under the header")
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields (not Field.label)
    key = serializers.CharField(help_text="the indicator, the key of each row's values")
    group = serializers.CharField()


class RowOutputSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    values = serializers.DictField(child=serializers.IntegerField())
    submitted = serializers.BooleanField(required=False, help_text="province reports: has the unit submitted it")


class SubmissionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit_code = serializers.CharField()
    form = serializers.CharField()
    period_kind = serializers.CharField()
    year = serializers.IntegerField()
    form_version = serializers.CharField()
    submitted_by = serializers.CharField()
    submitted_at = serializers.DateTimeField()


class ReportOutputSerializer(serializers.Serializer):
    form = serializers.CharField()
    form_version = serializers.CharField()
    title = serializers.CharField()
    scope = serializers.ChoiceField(choices=["unit", "province"])
    unit_code = serializers.CharField()
    province_code = serializers.CharField()
    issuer = serializers.DictField()
    period = PeriodOutputSerializer()
    columns = ColumnOutputSerializer(many=True)
    rows = RowOutputSerializer(many=True)
    total = serializers.DictField(child=serializers.IntegerField())
    notes = serializers.ListField(child=serializers.CharField())
    computed_at = serializers.DateTimeField()
    frozen = serializers.BooleanField(help_text="served from the submitted snapshot")
    submission = SubmissionOutputSerializer(allow_null=True, required=False)


class DifferenceOutputSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields (not Field.label)
    submitted = serializers.IntegerField()
    now = serializers.IntegerField()


class CompareOutputSerializer(serializers.Serializer):
    submission = SubmissionOutputSerializer()
    matches = serializers.BooleanField()
    differences = DifferenceOutputSerializer(many=True)


class SubmissionStatusOutputSerializer(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    submitted = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.CharField()
    matches_recomputation = serializers.BooleanField(
        allow_null=True, help_text="whether the submitted figures still equal a recomputation (null: not submitted)"
    )


class JobOutputSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "status",
            "status_label",
            "province_code",
            "form",
            "period_kind",
            "year",
            "period_start",
            "period_end",
            "total",
            "done",
            "percent",
            "current",
            "error",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "download",
        ]

    def get_download(self, job: ReportJob) -> str | None:
        if job.status != ReportJob.Status.DONE:
            return None
        return reverse("api:reports:province-job-xlsx", args=[job.pk])
