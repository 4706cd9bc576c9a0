"""Demo petitions for `make run`: a few of each kind, at various stages, with real clocks."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from .choices import TransitionName as T
from .models import Petition
from .services.petitions import petition_classify, petition_decide_outcome, petition_register
from .workflow import petition_transition

SAMPLES = [
    # (type, field, subject, summary, sender, days ago, steps)
    (
        "complaint",
        "dat-dai",
        "Quyết định thu hồi đất số 45/QĐ-UBND",
        "Khiếu nại mức bồi thường khi thu hồi đất.",
        "Hoàng Văn Thắng",
        40,
        ["classify", "outcome.accept", T.COMPLAINT_ACCEPT, T.COMPLAINT_VERIFY],
    ),
    (
        "complaint",
        "chinh-sach",
        "Quyết định hưởng trợ cấp",
        "Khiếu nại việc không được hưởng trợ cấp.",
        "Lăng Thị Mai",
        12,
        ["classify", "outcome.accept"],
    ),
    (
        "complaint",
        "nha-o",
        "Việc cấp phép xây dựng",
        "Khiếu nại việc từ chối cấp phép xây dựng nhà ở.",
        "Vi Văn Sơn",
        3,
        [],
    ),
    (
        "denunciation",
        "tham-nhung",
        "Cán bộ địa chính xã",
        "Tố cáo việc nhận tiền khi làm thủ tục đất đai.",
        "Người tố cáo",
        25,
        ["classify", "outcome.accept", T.DENUNCIATION_ACCEPT, T.DENUNCIATION_VERIFY],
    ),
    (
        "recommendation",
        "hanh-chinh",
        "Đường liên thôn xuống cấp",
        "Kiến nghị sửa chữa đường liên thôn.",
        "Triệu Văn Hùng",
        20,
        ["classify", "outcome.accept", T.PETITION_ACCEPT, T.PETITION_ANSWER],
    ),
    (
        "feedback",
        "moi-truong",
        "Ô nhiễm từ cơ sở chăn nuôi",
        "Phản ánh mùi hôi từ trang trại lợn.",
        "Nông Thị Lan",
        8,
        ["classify.out", "outcome.forward"],
    ),
]
DATA = {
    "reason": "Theo quy định.",
    "verifier": "Công chức Địa chính - Xây dựng xã",
    "answer": "Đã đưa vào kế hoạch năm 2027.",
    "note": "Ghi chú.",
}


def demo_petitions(*, actor) -> int:
    """Register the samples once (idempotent: nothing happens when the unit has petitions)."""
    if Petition.objects.exists():
        return 0
    today = timezone.localdate()
    for kind, field, subject, summary, sender, days_ago, steps in SAMPLES:
        received = today - timedelta(days=days_ago)
        petition = petition_register(
            actor=actor,
            channel="reception",
            received_date=received,
            petition_type=kind,
            field_code=field,
            subject=subject,
            summary=summary,
            signer_kind="one",
            signers=[{"full_name": sender, "id_kind": "none"}],
        )
        for offset, step in enumerate(steps, start=1):
            on = min(received + timedelta(days=2 * offset), today)
            if step.startswith("classify"):
                petition = petition_classify(
                    petition=petition, actor=actor, is_processable=True, within_jurisdiction=step == "classify"
                )
            elif step.startswith("outcome."):
                body = "Sở Nông nghiệp và Môi trường" if step == "outcome.forward" else ""
                petition = petition_decide_outcome(
                    petition=petition, actor=actor, outcome=step.split(".")[1], competent_body=body, date=on
                )
            else:
                petition = petition_transition(petition=petition, name=step, actor=actor, data={**DATA, "date": on})
    return len(SAMPLES)
