"""Forms as data: the manifests load into the versioned table, the committed templates are what
their manifests build, every template renders its sample, and a province's replacement template is
checked before it is accepted and kept as history when replaced."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.documents.forms.manifests import FORMS_DIR, manifests_read
from core.documents.forms.models import FormTemplateOverride, FormVersion
from core.documents.forms.selectors import form_version_for, repository_template
from core.documents.forms.services import form_template_override_upload, forms_load, template_check
from core.documents.layout import template_build
from core.documents.services import document_issue
from tests.conftest import admin_login

from .conftest import COMPLAINT, all_text, read_docx


def test_the_table_holds_every_manifest_version(db):
    versions = manifests_read()
    assert FormVersion.objects.count() == len(versions) >= 5
    assert forms_load() == {"created": 0, "updated": 0}  # loading again changes nothing
    row = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd155-2026")
    assert (row.kind, row.effective_from, row.verification) == (
        "complaint.acceptance_notice",
        date(2026, 7, 1),
        "chưa đối chiếu",
    )


def test_committed_templates_are_what_their_manifests_build():
    for item in manifests_read():
        assert (FORMS_DIR / item.template_path).read_bytes() == template_build(item.data["layout"]), (
            f"{item.template_path} is out of date: run tools/build_form_templates.py"
        )


def test_every_template_renders_its_sample(db):
    for form in FormVersion.objects.all():
        template_check(form_version=form, content=repository_template(form))


def test_the_version_in_force_on_the_step_s_date_is_chosen_and_gaps_are_refused(db):
    kind = "complaint.acceptance_notice"
    assert form_version_for(kind=kind, on_date=date(2026, 6, 30)).version == "nd124-2020"
    assert form_version_for(kind=kind, on_date=date(2026, 7, 1)).version == "nd155-2026"
    with translation.override("vi"), pytest.raises(ApplicationError) as refused:
        form_version_for(kind=kind, on_date=date(2019, 1, 1))
    assert "01/01/2019" in refused.value.message


def test_an_admin_correction_of_the_wording_survives_reloading(db):
    from core.documents.forms.services import form_version_correct

    row = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd124-2020")
    form_version_correct(form_version=row, form_number="Mẫu số 03", verified=True)
    forms_load()
    row.refresh_from_db()
    assert (row.form_number, row.verified, row.verification) == ("Mẫu số 03", True, "đã đối chiếu")


def _docx_with(text_replacements: dict[str, str], form: FormVersion) -> bytes:
    """The repository's template of ``form`` with its document XML edited."""
    source = zipfile.ZipFile(io.BytesIO(repository_template(form)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode()
                for old, new in text_replacements.items():
                    assert old in xml
                    xml = xml.replace(old, new)
                data = xml.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_a_province_s_template_is_used_for_its_units_and_the_old_one_is_kept(unit_a, make_member, media):
    form = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd155-2026")
    own = _docx_with({"Vậy thông báo để": "Ủy ban nhân dân tỉnh Lạng Sơn thông báo để"}, form)
    first = form_template_override_upload(
        form_version=form, province_code="20", content=repository_template(form), filename="a.docx", uploaded_by="qt"
    )
    second = form_template_override_upload(
        form_version=form, province_code="20", content=own, filename="mau-rieng.docx", uploaded_by="qt"
    )
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert first.replaced_by == "qt"
    assert second.in_force
    assert FormTemplateOverride.objects.filter(form_version=form, province_code="20").count() == 2
    leader = make_member(unit_a, roles=("leader",), username="lanh_dao", full_name="Vi Văn Thành")
    with schema_context(unit_a.schema_name):
        document = document_issue(
            kind="complaint.acceptance_notice", on_date=date(2026, 12, 2), actor=leader.user, context=COMPLAINT
        )
    assert document.template_source == f"override:{second.pk}"
    assert "Ủy ban nhân dân tỉnh Lạng Sơn thông báo để ông Nguyễn Văn An" in all_text(read_docx(unit_a, document))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not a zip", "Tệp không phải văn bản Word (DOCX)."),
        ({"{{ number_display }}": "{{ so_van_ban }}"}, "không điền được dữ liệu mẫu"),
        ({"{{ number_display }}": "{{ number_display "}, "không điền được dữ liệu mẫu"),
        ({"Số: {{ number_display }}": "Số:"}, "không thể hiện số và ngày"),
    ],
    ids=["not-docx", "unknown-key", "syntax-error", "no-number"],
)
def test_a_broken_template_is_refused_in_vietnamese(db, content, expected):
    form = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd155-2026")
    data = content.encode() if isinstance(content, str) else _docx_with(content, form)
    with translation.override("vi"), pytest.raises(ApplicationError) as refused:
        form_template_override_upload(
            form_version=form, province_code="20", content=data, filename="x.docx", uploaded_by="qt"
        )
    assert expected in refused.value.message
    assert not FormTemplateOverride.objects.filter(form_version=form).exists()


def test_the_platform_admin_uploads_through_the_admin_and_sees_the_refusal(db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from core.accounts.models import User

    connection.set_schema_to_public()
    admin = User.objects.create_superuser("quan_tri_nen_tang", password="Mat-khau-2026!")
    client = Client()
    admin_login(client, admin)
    form = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd155-2026")
    url = "/admin/document_forms/formtemplateoverride/add/"
    broken = SimpleUploadedFile("hong.docx", _docx_with({"{{ number_display }}": "{{ khong_co }}"}, form))
    response = client.post(
        url, {"form_version": form.pk, "province_code": "20", "note": "", "file": broken}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 200
    assert "không điền được dữ liệu mẫu" in response.content.decode()
    good = SimpleUploadedFile("tot.docx", repository_template(form))
    response = client.post(url, {"form_version": form.pk, "province_code": "20", "note": "Mẫu của tỉnh", "file": good})
    assert response.status_code == 302
    override = FormTemplateOverride.objects.get(form_version=form, province_code="20")
    assert (override.filename, override.uploaded_by, override.note) == ("tot.docx", "quan_tri_nen_tang", "Mẫu của tỉnh")


def test_the_admin_lists_the_forms_and_corrects_their_wording(db):
    from django.db import connection

    from core.accounts.models import User

    connection.set_schema_to_public()
    client = Client()
    admin_login(client, User.objects.create_superuser("quan_tri_mau", password="Mat-khau-2026!"))
    listing = client.get("/admin/document_forms/formversion/")
    assert listing.status_code == 200
    assert listing.content.decode().count("chưa đối chiếu") == FormVersion.objects.count()
    assert client.get("/admin/document_forms/formtemplateoverride/?kind=complaint.acceptance_notice").status_code == 200
    form = FormVersion.objects.get(form_code="complaint-acceptance-notice", version="nd124-2020")
    url = f"/admin/document_forms/formversion/{form.pk}/change/"
    assert client.get(url).status_code == 200
    wording = {
        "form_number": "Mẫu số 03",
        "title": "THÔNG BÁO",
        "subtitle": form.subtitle,
        "legal_basis": form.legal_basis,
        "confidence": "S",
        "verified": "on",
        "notes": "Đã đối chiếu Công báo",
        "overrides-TOTAL_FORMS": "0",
        "overrides-INITIAL_FORMS": "0",
    }
    assert client.post(url, wording).status_code == 302
    form.refresh_from_db()
    assert (form.form_number, form.verified, form.corrected_by_admin) == ("Mẫu số 03", True, True)
