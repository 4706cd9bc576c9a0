"""GeoReport v2's two formats, shaped as the specification's examples (wiki.open311.org/GeoReport_v2).

JSON: a list of objects (``[{"service_code": …}]``), ``null`` for a value not given. XML: the
declaration with UTF-8, a root named for the list (``services``, ``service_requests``, ``errors``)
holding one element per item (``service``, ``request``, ``error``), one child per field, an empty
element for a value not given and ``true``/``false`` for booleans. Both are UTF-8, as required.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from lxml import etree

from core.common.text import strip_controls

FORMATS = ("json", "xml")
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
#: As service discovery lists them.
CONTENT_TYPES_PLAIN = ("text/xml", "application/json")

Item = Mapping[str, Any]
#: The element of each entry of a list, as the specification's examples name them.
SINGULAR = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    # Text stored before the control-character hygiene could still hold one XML cannot carry.
    return strip_controls(str(value))


def _element(parent: etree._Element, name: str, value: Any) -> None:
    child = etree.SubElement(parent, name)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _element(child, key, item)
    elif isinstance(value, list | tuple):
        singular = SINGULAR.get(name, "item")
        for item in value:
            _element(child, singular, item)
    else:
        child.text = _text(value)


def xml_bytes(root: str, item: str | None, items: Sequence[Item] | Item) -> bytes:
    """``<root><item>…</item>…</root>``, or ``<root>…</root>`` for one mapping (``item`` None)."""
    tree = etree.Element(root)
    if isinstance(items, Mapping):
        for key, value in items.items():
            _element(tree, key, value)
    else:
        for entry in items:
            node = etree.SubElement(tree, item or "item")
            for key, value in entry.items():
                _element(node, key, value)
    # The declaration as the specification writes it (lxml's own uses single quotes).
    return XML_DECLARATION + etree.tostring(tree, xml_declaration=False, encoding="UTF-8", pretty_print=True)


def response(fmt: str, items: Sequence[Item] | Item, *, root: str, item: str | None, status: int = 200) -> HttpResponse:
    body = json.dumps(items, ensure_ascii=False, indent=2).encode() if fmt == "json" else xml_bytes(root, item, items)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The specification's error list: ``[{"code": 400, "description": "…"}]`` or
    ``<errors><error><code>400</code><description>…</description></error></errors>``."""
    fmt = fmt if fmt in FORMATS else "xml"  # XML is the format every GeoReport server must speak
    items = [{"code": status, "description": description} for description in descriptions]
    return response(fmt, items, root="errors", item="error", status=status)
