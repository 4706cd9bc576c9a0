"""How a batch of packages leaves the platform: one adapter for the whole platform, chosen in
``settings.TIEPDAN_NATIONAL_DB["adapter"]``.

A batch is a JSON Lines document (one package a line, keys sorted, UTF-8), signed with the
platform's Ed25519 key so the receiver verifies it with the public key alone (``manage.py
nationaldb_key`` prints it), without sharing a secret that could also forge batches.

- ``filedrop`` (the default): the batch and its detached signature are written to
  ``<folder>/<unit code>/`` (temporary name, then an atomic rename: a reader never sees half a
  file); the receiver answers with ``<batch>.ack`` beside it, read back by the sender's sweep.
- ``http``: the batch is POSTed to the endpoint with a bearer token, the signature in headers and
  the batch name as ``Idempotency-Key``; the answer's body is the acknowledgement.

The acknowledgement (file or body) is JSON: ``{"batch": …, "acknowledged": [keys], "duplicates":
[keys], "rejected": {key: reason}}``; without ``acknowledged``, every key not rejected is taken.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

logger = logging.getLogger(__name__)

BATCH_SUFFIX = ".jsonl"
SIGNATURE_SUFFIX = ".jsonl.sig"
ACK_SUFFIX = ".ack"

DEFAULTS = {
    "adapter": "filedrop",
    "folder": "",
    "signing_key": "",
    "endpoint": "",
    "token": "",
    "timeout": 30.0,
    "max_attempts": 6,
    "batch_size": 200,
    "backoff_seconds": 30,
}


def config() -> dict:
    return {**DEFAULTS, **getattr(settings, "TIEPDAN_NATIONAL_DB", {})}


@dataclass
class SendOutcome:
    """What came of one send: ``acknowledged`` (with the receiver's answer), ``sent`` (handed over,
    answer to come), ``retry`` (worth trying again: 5xx, timeout, network) or ``failed`` (it will
    not go as it is: 4xx)."""

    kind: str
    reason: str = ""
    acknowledged: set[str] | None = None
    rejected: dict[str, str] = field(default_factory=dict)


def ack_parse(document: object, keys: list[str]) -> SendOutcome:
    """An acknowledgement (file or HTTP body) as an outcome for the batch's ``keys``."""
    if not isinstance(document, dict):
        return SendOutcome("failed", reason="Phản hồi xác nhận không đúng định dạng (cần một đối tượng JSON).")
    rejected_raw = document.get("rejected") or {}
    rejected = {str(k): str(v)[:500] for k, v in rejected_raw.items()} if isinstance(rejected_raw, dict) else {}
    if "acknowledged" in document:
        taken = {str(key) for key in document.get("acknowledged") or []}
        taken |= {str(key) for key in document.get("duplicates") or []}
    else:
        taken = set(keys) - set(rejected)
    return SendOutcome("acknowledged", acknowledged=taken & set(keys), rejected=rejected)


# --- Signing --------------------------------------------------------------------------------------


@cache
def _signing_key(path: str) -> Ed25519PrivateKey:
    key_path = Path(path)
    if not key_path.exists():
        # A development convenience: production names a key it keeps (deploy/README.md).
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pem)
        logger.warning("national database: new signing key generated at %s", key_path)
        return key
    loaded = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{key_path} is not an Ed25519 private key")
    return loaded


def signing_key() -> Ed25519PrivateKey:
    path = config()["signing_key"] or str(Path(settings.STATE_DIR) / "nationaldb" / "signing-key.pem")
    return _signing_key(path)


def public_key_pem() -> str:
    public = signing_key().public_key()
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id() -> str:
    raw = signing_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def signature_of(body: bytes, *, batch: str, count: int) -> dict:
    return {
        "algorithm": "Ed25519",
        "key_id": key_id(),
        "batch": batch,
        "records": count,
        "sha256": hashlib.sha256(body).hexdigest(),
        "signature": base64.b64encode(signing_key().sign(body)).decode(),
    }


# --- Adapters -------------------------------------------------------------------------------------


class FileDropAdapter:
    name = "filedrop"

    def __init__(self, folder: str) -> None:
        self.root = Path(folder or Path(settings.STATE_DIR) / "nationaldb" / "outbox")

    def folder(self, unit_code: str) -> Path:
        return self.root / unit_code

    def send(self, *, unit_code: str, batch: str, body: bytes, keys: list[str]) -> SendOutcome:
        folder = self.folder(unit_code)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            signature = json.dumps(signature_of(body, batch=batch, count=len(keys)), indent=2).encode()
            # The signature first: a receiver that sees the batch finds its signature beside it.
            _atomic_write(folder / f"{batch}{SIGNATURE_SUFFIX}", signature)
            _atomic_write(folder / f"{batch}{BATCH_SUFFIX}", body)
        except OSError as exc:
            return SendOutcome("retry", reason=f"Không ghi được vào thư mục trao đổi: {exc}")
        return SendOutcome("sent")

    def acknowledgement(self, *, unit_code: str, batch: str, keys: list[str]) -> SendOutcome | None:
        path = self.folder(unit_code) / f"{batch}{ACK_SUFFIX}"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        try:
            document = json.loads(text)
        except ValueError:
            # Perhaps still being written by a receiver that does not rename: read it next time.
            logger.warning("national database: unreadable acknowledgement %s", path)
            return None
        return ack_parse(document, keys)


def _atomic_write(path: Path, data: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Statuses that say "later", not "never": the request timed out, or the server asks to slow down.
RETRY_STATUSES = frozenset({408, 425, 429})


class HttpAdapter:
    name = "http"

    def __init__(self, endpoint: str, token: str, timeout: float) -> None:
        if not endpoint:
            raise ValueError("TIEPDAN_NATIONAL_DB['endpoint'] is required for the http adapter")
        self.endpoint = endpoint
        self.token = token
        self.timeout = timeout

    def send(self, *, unit_code: str, batch: str, body: bytes, keys: list[str]) -> SendOutcome:
        signature = signature_of(body, batch=batch, count=len(keys))
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-ndjson; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": batch,
                "X-TiepDan-Unit": unit_code,
                "X-TiepDan-Batch": batch,
                "X-TiepDan-Records": str(len(keys)),
                "X-TiepDan-Signature": f"ed25519;key_id={signature['key_id']};sig={signature['signature']}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                status, text = response.status, response.read(1_000_000).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read(2000).decode("utf-8", "replace")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return SendOutcome("retry", reason=f"Không kết nối được máy chủ CSDL quốc gia: {reason}")
        snippet = " ".join(text.split())[:300]
        if 200 <= status < 300:
            try:
                document = json.loads(text) if text.strip() else None
            except ValueError:
                document = None
            if isinstance(document, dict) and ("acknowledged" in document or "rejected" in document):
                return ack_parse(document, keys)
            return SendOutcome("sent")
        if status >= 500 or status in RETRY_STATUSES:
            return SendOutcome("retry", reason=f"Máy chủ CSDL quốc gia trả lời HTTP {status}: {snippet}")
        return SendOutcome("failed", reason=f"Máy chủ CSDL quốc gia từ chối (HTTP {status}): {snippet}")

    def acknowledgement(self, *, unit_code: str, batch: str, keys: list[str]) -> SendOutcome | None:
        return None  # the answer to the POST was the acknowledgement


def adapter_get() -> FileDropAdapter | HttpAdapter:
    settings_ = config()
    if settings_["adapter"] == "http":
        return HttpAdapter(settings_["endpoint"], settings_["token"], float(settings_["timeout"]))
    if settings_["adapter"] != "filedrop":
        raise ValueError(f"unknown national database adapter {settings_['adapter']!r}")
    return FileDropAdapter(settings_["folder"])
