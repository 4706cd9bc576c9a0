"""The reception API: the reception log, matters and hot spots, leaders' sessions with their
results notice and follow-up tasks, dialogues, reception staff, rooms, the unit's reception
profile and the head's compliance.

Every view inherits ``TenantViewSet``/``TenantAPIView`` (authenticated member of this unit). Any
member may read; each write is decided by its service, which checks the permission
(``reception.log_visit``, ``reception.manage_sessions``, ``reception.manage_reception_staff``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView, TenantViewSet, UnitRequest
from api.filters import SearchFilter
from api.permissions import HasPerm
from core.documents.access import document_may_open
from core.reception.choices import VISIT_KIND
from core.reception.models import Matter, ReceptionOfficer, ReceptionRoom, ReceptionSession
from core.reception.selectors.compliance import compliance_summary, period_default
from core.reception.selectors.dialogues import dialogue_list
from core.reception.selectors.documents import session_notice_document
from core.reception.selectors.instructions import instruction_list
from core.reception.selectors.matters import matter_list
from core.reception.selectors.profile import unit_profile_get
from core.reception.selectors.sessions import session_for_visit, session_list
from core.reception.selectors.staff import duty_days, trained_share
from core.reception.selectors.visits import visit_list
from core.reception.services.dialogues import dialogue_record, dialogue_schedule
from core.reception.services.instructions import instruction_add, instruction_complete
from core.reception.services.matters import matter_mark_hot_spot
from core.reception.services.profile import unit_profile_update
from core.reception.services.rooms import room_create, room_delete, room_update
from core.reception.services.sessions import (
    session_cancel,
    session_hold,
    session_notice_issue,
    session_postpone,
    session_publish,
    session_schedule,
    session_substitute,
    sessions_schedule_weekly,
)
from core.reception.services.staff import officer_create, officer_update, training_add
from core.reception.services.visits import visit_log, visit_notify

from .serializers import (
    CancelInputSerializer,
    ComplianceOutputSerializer,
    DialogueInputSerializer,
    DialogueOutputSerializer,
    DialogueRecordInputSerializer,
    DutyDaysOutputSerializer,
    HoldInputSerializer,
    HotSpotInputSerializer,
    InstructionCompleteInputSerializer,
    InstructionFilterSerializer,
    InstructionInputSerializer,
    InstructionOutputSerializer,
    MatterFilterSerializer,
    MatterOutputSerializer,
    NoticeInputSerializer,
    OfficerInputSerializer,
    OfficerOutputSerializer,
    OfficerUpdateInputSerializer,
    PeriodSerializer,
    PostponeInputSerializer,
    PublishInputSerializer,
    RoomSerializer,
    SessionFilterSerializer,
    SessionInputSerializer,
    SessionOutputSerializer,
    SubstituteInputSerializer,
    TrainedShareOutputSerializer,
    TrainingSerializer,
    UnitProfileSerializer,
    VisitFilterSerializer,
    VisitInputSerializer,
    VisitNotifyInputSerializer,
    VisitOutputSerializer,
    WeeklyScheduleInputSerializer,
)

READ = HasPerm.of("accounts.view_workspace")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filters(serializer_class, request: Request) -> dict:
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return dict(filters.validated_data)


class ReceptionViewSet(TenantViewSet):
    permission_classes = [READ]
    # Filters go through the selectors; ?search= through each list's search_fields, or, for the
    # lists whose selector searches by itself, through its filter serializer.
    filter_backends = [SearchFilter]


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """The reception log (sổ tiếp công dân, Form 03/TCD): one entry per visit."""

    serializer_class = VisitOutputSerializer
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return visit_list()
        return visit_list(**_filters(VisitFilterSerializer, self.request))

    @extend_schema(parameters=[VisitFilterSerializer], responses=VisitOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=VisitInputSerializer, responses={201: VisitOutputSerializer})
    def create(self, request: Request) -> Response:
        """Log a visit; with ``outcome`` "petition" its petition is registered in the same step."""
        data = VisitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if values["session"] is not None:
            session_for_visit(values["session"], timezone.localtime(values["visited_at"]).date())
            values["kind"] = VISIT_KIND[values["session"].kind]
        visit = visit_log(actor=request.user, **values)
        return Response(VisitOutputSerializer(visit_list().get(pk=visit.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=VisitNotifyInputSerializer, responses=VisitOutputSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request: Request, pk=None) -> Response:
        """The citizen was told the outcome (Reception Law Art. 28(1))."""
        data = VisitNotifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = visit_notify(actor=request.user, visit=self.get_object(), on=data.validated_data["on"])
        return Response(VisitOutputSerializer(visit_list().get(pk=visit.pk)).data)


class MatterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """Matters citizens come about, repeatedly or in crowds; hot spots (điểm nóng)."""

    serializer_class = MatterOutputSerializer
    filter_backends = []

    def get_queryset(self):
        if self.action != "list":
            return Matter.objects.all()
        return matter_list(**_filters(MatterFilterSerializer, self.request))

    @extend_schema(parameters=[MatterFilterSerializer], responses=MatterOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=HotSpotInputSerializer, responses=MatterOutputSerializer)
    @action(detail=True, methods=["post"], url_path="hot-spot")
    def hot_spot(self, request: Request, pk=None) -> Response:
        data = HotSpotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matter = matter_mark_hot_spot(actor=request.user, matter=self.get_object(), **data.validated_data)
        return Response(MatterOutputSerializer(matter).data)


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """Leaders' reception sessions: schedule, publication (a warning when later than 5 working
    days ahead), substitution, postponement, record, results notice and its instructions."""

    serializer_class = SessionOutputSerializer
    search_fields = ["place", "presiding__full_name", "attendees", "notice_number"]

    def get_queryset(self):
        related = ("instructions__assignee", "instructions__visit", "instructions__session", "visits", "officers")
        if self.action != "list":
            return ReceptionSession.objects.select_related("presiding").prefetch_related(*related)
        return session_list(**_filters(SessionFilterSerializer, self.request)).prefetch_related(*related)

    def _out(self, session, code=status.HTTP_200_OK) -> Response:
        session = ReceptionSession.objects.select_related("presiding").get(pk=session.pk)
        return Response(SessionOutputSerializer(session, context={"request": self.request}).data, status=code)

    @extend_schema(parameters=[SessionFilterSerializer], responses=SessionOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SessionInputSerializer, responses={201: SessionOutputSerializer})
    def create(self, request: Request) -> Response:
        """Schedule one periodic, ad-hoc or online session."""
        data = SessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_schedule(actor=request.user, **data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(request=WeeklyScheduleInputSerializer, responses={201: SessionOutputSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def weekly(self, request: Request) -> Response:
        """The regular schedule: a session on the given weekday of every week of the period
        (public holidays and days already taken are skipped)."""
        data = WeeklyScheduleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = sessions_schedule_weekly(actor=request.user, **data.validated_data)
        body = SessionOutputSerializer(result.created, many=True, context={"request": request}).data
        headers = {
            "X-Skipped-Days-Off": ",".join(day.isoformat() for day in result.skipped_days_off),
            "X-Skipped-Existing": ",".join(day.isoformat() for day in result.skipped_existing),
        }
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @extend_schema(request=PublishInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk=None) -> Response:
        """Record the publication; ``publication_warning`` in the answer says when it is late."""
        data = PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_publish(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(request=SubstituteInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def substitute(self, request: Request, pk=None) -> Response:
        data = SubstituteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_substitute(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(request=PostponeInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def postpone(self, request: Request, pk=None) -> Response:
        """Postpone with a reason; with ``new_date`` the answer is the replacement session."""
        data = PostponeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_postpone(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(request=CancelInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        data = CancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_cancel(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(request=HoldInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request: Request, pk=None) -> Response:
        """Record the session as held: attendees, minutes, officers and the visits received."""
        data = HoldInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_hold(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(request=InstructionInputSerializer, responses={201: InstructionOutputSerializer})
    @action(detail=True, methods=["post"])
    def instructions(self, request: Request, pk=None) -> Response:
        """Add the leader's instruction on a matter: a follow-up task with a body and a due date."""
        data = InstructionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        instruction = instruction_add(actor=request.user, session=self.get_object(), **data.validated_data)
        return Response(InstructionOutputSerializer(instruction).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoticeInputSerializer, responses=SessionOutputSerializer)
    @action(detail=True, methods=["post"])
    def notice(self, request: Request, pk=None) -> Response:
        """Issue the conclusion notice: numbered in the register, its DOCX made now and its PDF in the worker."""
        data = NoticeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(session_notice_issue(actor=request.user, session=self.get_object(), **data.validated_data))

    @extend_schema(responses={(200, DOCX): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="notice/docx", url_name="notice-docx")
    def notice_docx(self, request: Request, pk=None) -> FileResponse:
        """The conclusion notice from the register (a notice made before the engine: the file on the session)."""
        session = self.get_object()
        document = session_notice_document(session)
        if document is not None and not document_may_open(request.user, document):
            raise PermissionDenied
        file = document.docx if document is not None else session.notice_docx
        if not file or not file.name:
            raise Http404
        try:
            handle = file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1], content_type=DOCX)


class InstructionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """Follow-up tasks: the instructions of results notices, tracked until done."""

    serializer_class = InstructionOutputSerializer
    search_fields = ["text", "assignee_body", "assignee__full_name"]

    def get_queryset(self):
        if self.action != "list":
            return instruction_list()
        data = _filters(InstructionFilterSerializer, self.request)
        assignee = self.request.user.pk if data["mine"] else None
        return instruction_list(state=data["state"], assignee_id=assignee, session_id=data["session_id"])

    @extend_schema(parameters=[InstructionFilterSerializer], responses=InstructionOutputSerializer(many=True))
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=InstructionCompleteInputSerializer, responses=InstructionOutputSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk=None) -> Response:
        data = InstructionCompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        instruction = instruction_complete(actor=request.user, instruction=self.get_object(), **data.validated_data)
        return Response(InstructionOutputSerializer(instruction_list().get(pk=instruction.pk)).data)


class DialogueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """Dialogues (đối thoại) with the parties of a complaint."""

    serializer_class = DialogueOutputSerializer
    search_fields = ["place", "participants"]

    def get_queryset(self):
        held = self.request.query_params.get("held")
        return dialogue_list(held={"true": True, "false": False}.get(held or ""))

    @extend_schema(request=DialogueInputSerializer, responses={201: DialogueOutputSerializer})
    def create(self, request: Request) -> Response:
        data = DialogueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dialogue = dialogue_schedule(actor=request.user, **data.validated_data)
        return Response(DialogueOutputSerializer(dialogue).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DialogueRecordInputSerializer, responses=DialogueOutputSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk=None) -> Response:
        data = DialogueRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dialogue = dialogue_record(actor=request.user, dialogue=self.get_object(), **data.validated_data)
        return Response(DialogueOutputSerializer(dialogue).data)


class OfficerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ReceptionViewSet):
    """The registry of reception officers and their training; duty days for the allowance."""

    serializer_class = OfficerOutputSerializer
    search_fields = ["full_name", "position"]

    def get_queryset(self):
        return ReceptionOfficer.objects.prefetch_related("trainings").order_by("full_name")

    @extend_schema(request=OfficerInputSerializer, responses={201: OfficerOutputSerializer})
    def create(self, request: Request) -> Response:
        data = OfficerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer = officer_create(actor=request.user, **data.validated_data)
        return Response(OfficerOutputSerializer(officer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OfficerUpdateInputSerializer, responses=OfficerOutputSerializer)
    def partial_update(self, request: Request, pk=None) -> Response:
        data = OfficerUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        officer = officer_update(actor=request.user, officer=self.get_object(), **data.validated_data)
        return Response(OfficerOutputSerializer(self.get_queryset().get(pk=officer.pk)).data)

    @extend_schema(request=TrainingSerializer, responses={201: TrainingSerializer})
    @action(detail=True, methods=["post"])
    def trainings(self, request: Request, pk=None) -> Response:
        data = TrainingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        training = training_add(actor=request.user, officer=self.get_object(), **data.validated_data)
        return Response(TrainingSerializer(training).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[PeriodSerializer], responses=DutyDaysOutputSerializer(many=True))
    # One row per officer, not a page of a list (the schema must not say paginated).
    @action(detail=False, methods=["get"], url_path="duty-days", pagination_class=None, filter_backends=[])
    def duty_days(self, request: Request) -> Response:
        """Distinct duty days per officer in the period (default: the current month)."""
        start, end = _period(request, default="month")
        return Response(DutyDaysOutputSerializer(duty_days(start=start, end=end), many=True).data)

    @extend_schema(responses=TrainedShareOutputSerializer)
    @action(detail=False, methods=["get"], url_path="trained-share")
    def trained_share(self, request: Request) -> Response:
        return Response(TrainedShareOutputSerializer(trained_share()).data)


class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ReceptionViewSet):
    """Reception rooms and their equipment."""

    serializer_class = RoomSerializer
    search_fields = ["name", "address"]
    pagination_class = None

    def get_queryset(self):
        return ReceptionRoom.objects.order_by("name")

    @extend_schema(request=RoomSerializer, responses={201: RoomSerializer})
    def create(self, request: Request) -> Response:
        data = RoomSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        room = room_create(actor=request.user, **data.validated_data)
        return Response(RoomSerializer(room).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RoomSerializer, responses=RoomSerializer)
    def partial_update(self, request: Request, pk=None) -> Response:
        data = RoomSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        room = room_update(actor=request.user, room=self.get_object(), **data.validated_data)
        return Response(RoomSerializer(room).data)

    def perform_destroy(self, instance: ReceptionRoom) -> None:
        room_delete(actor=self.request.user, room=instance)


class UnitProfileApi(TenantAPIView):
    """The unit's reception profile: its head, reception rules (nội quy), address and hours."""

    permission_classes = [READ]

    @extend_schema(responses=UnitProfileSerializer)
    def get(self, request: Request) -> Response:
        return Response(UnitProfileSerializer(unit_profile_get()).data)

    @extend_schema(request=UnitProfileSerializer, responses=UnitProfileSerializer)
    def patch(self, request: Request) -> Response:
        data = UnitProfileSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {key: value for key, value in data.validated_data.items() if key != "head_name"}
        return Response(UnitProfileSerializer(unit_profile_update(actor=request.user, **changes)).data)


def _period(request: Request, *, default: str) -> tuple[date, date]:
    data = _filters(PeriodSerializer, request)
    fallback = period_default(default)
    return data["start"] or fallback[0], data["end"] or fallback[1]


class ComplianceApi(TenantAPIView):
    """The head's own reception days against the legal minimum per week or month (by the rule
    version in force in each), substituted days apart; default period: the current year."""

    permission_classes = [READ]

    @extend_schema(parameters=[PeriodSerializer], responses=ComplianceOutputSerializer)
    def get(self, request: UnitRequest) -> Response:
        start, end = _period(request, default="year")
        summary = compliance_summary(unit_kind=request.tenant.kind, start=start, end=end)
        windows = [{**window.__dict__, "compliant": window.compliant} for window in summary.windows]
        return Response(ComplianceOutputSerializer({**summary.__dict__, "windows": windows}).data)
