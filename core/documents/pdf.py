"""DOCX to PDF with LibreOffice headless, for the worker only: a conversion takes seconds, so it
never runs inside a transaction or a web request (``core.documents.tasks``).

Each worker process keeps its own LibreOffice profile: two conversions sharing one profile make
the second one silently do nothing. The whole process group is killed on a timeout, since
``soffice`` starts ``soffice.bin`` as a child.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120


class PdfError(Exception):
    """``code`` is one of ``IssuedDocument.PdfError``; ``detail`` what LibreOffice said."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def office_binary() -> str | None:
    """``TIEPDAN_SOFFICE`` (settings.DOCUMENTS_OFFICE) when set, else soffice or libreoffice on PATH."""
    configured = getattr(settings, "DOCUMENTS_OFFICE", "")
    if configured:
        return configured if Path(configured).is_file() and os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> Path:
    return Path(tempfile.gettempdir()) / f"tiepdan-libreoffice-{os.getuid()}-{os.getpid()}"


def docx_to_pdf(docx: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    office = office_binary()
    if office is None:
        raise PdfError("not_installed", "soffice/libreoffice not found")
    with tempfile.TemporaryDirectory(prefix="tiepdan-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        command = [
            office,
            f"-env:UserInstallation={_profile().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            folder,
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError("timeout", f"more than {timeout} s") from None
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            said = (err or out).decode("utf-8", "replace").strip()[-1000:]
            raise PdfError("conversion", f"exit code {process.returncode}: {said}".strip())
        return target.read_bytes()
