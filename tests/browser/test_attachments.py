"""A person's view: headless Chromium attaches scans to a petition, by picking two files and by
dropping one on the upload zone, then opens one.

Runs against committed data; the ``registrar`` fixture removes the petition (its files' rows go
with it) and the account. The files themselves land in a temporary folder.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)
from tests.browser.test_petitions import PASSWORD, registrar  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% scan of the petition\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
DROP = """() => {
    const files = new DataTransfer();
    files.items.add(new File(["%PDF-1.4 dropped"], "keo-tha.pdf", {type: "application/pdf"}));
    return files;
}"""


def test_officer_attaches_scans_to_a_petition(registrar, live_url, browser, settings, tmp_path):  # noqa: F811
    from core.petitions.models import Attachment
    from core.petitions.services.petitions import petition_register

    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # django-tenants' storage forgets MEDIA_ROOT changes otherwise
    unit, user = registrar
    with schema_context(unit.schema_name):
        petition = petition_register(
            actor=user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="complaint",
            field_code="dat-dai",
            subject="Khiếu nại quyết định thu hồi đất",
            summary="Khiếu nại mức bồi thường khi thu hồi đất.",
            signer_kind="one",
            signers=[{"full_name": "Hoàng Văn Sơn", "id_kind": "none"}],
        )
    detail = f"{live_url}/u/{unit.code}/don-thu/{petition.pk}/"

    page = browser.new_page(locale="en-US")
    page.goto(detail)  # the login page first, then back here
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(detail)

    page.set_input_files(
        "#attachments input[type=file]",
        files=[
            {"name": "don-khieu-nai.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "so-do-thua-dat.png", "mimeType": "image/png", "buffer": PNG},
        ],
    )
    assert page.locator("#attachments [data-chosen] li").all_inner_texts() == [
        "don-khieu-nai.pdf",
        "so-do-thua-dat.png",
    ]
    with page.expect_navigation():
        page.click("#attachments button.primary")
    assert page.url == f"{detail}#attachments"

    page.dispatch_event("#attachments [data-dropzone]", "drop", {"dataTransfer": page.evaluate_handle(DROP)})
    assert page.locator("#attachments [data-chosen] li").all_inner_texts() == ["keo-tha.pdf"]
    with page.expect_navigation():
        page.click("#attachments button.primary")

    listed = page.locator("#attachments table.attachments tbody td:first-child").all_inner_texts()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "attachments.png"), full_page=True)
    assert listed == ["don-khieu-nai.pdf", "so-do-thua-dat.png", "keo-tha.pdf"]
    with schema_context(unit.schema_name):
        assert (
            list(Attachment.objects.filter(petition=petition).values_list("name", flat=True).order_by("id")) == listed
        )

    href = page.locator("#attachments tr[data-attachment] a").first.get_attribute("href")
    opened = page.context.request.get(f"{live_url}{href}")
    assert opened.status == 200
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.body() == PDF
