"""Reading annual reports that other bodies published: text, HTML, PDF and DOCX into the report model.

``parse_path``, ``parse_bytes`` and ``parse_text`` return a :class:`ParseResult` whose ``report``
is a dict in the shape of ``annual-report.schema.json``; inputs that cannot be read raise
:class:`UnreadableReport` with a one-line Chinese reason. Nothing here imports Django, so the
parser runs in worker processes, command-line batches and tests alike.
"""

from gongkai.parsing.errors import UnreadableReport
from gongkai.parsing.reading import ParseResult, parse_bytes, parse_path, parse_text

__all__ = ["ParseResult", "UnreadableReport", "parse_bytes", "parse_path", "parse_text"]
