"""Text that meets HTML or a ``<script>``: :func:`esc` for HTML, :func:`js_json` for JSON
embedded in a script (it can never close the tag)."""
from __future__ import annotations

import html
import json


def esc(x) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def js_json(obj) -> str:
    """JSON safe to embed in a <script>: no '<', '>' or '&' characters in the text."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
