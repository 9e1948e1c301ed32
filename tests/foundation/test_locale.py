"""Our own Chinese catalogue: the committed .mo says what the .po says, and Django uses it."""

import gettext
import re
from pathlib import Path

from django import forms
from django.utils import translation

import gongkai

LOCALE = Path(gongkai.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def _po_entries(text: str) -> dict[str, str]:
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"', text, flags=re.M)
    return {msgid: msgstr for msgid, msgstr in pairs if msgid}


def test_compiled_catalogue_matches_its_source():
    entries = _po_entries((LOCALE / "django.po").read_text(encoding="utf-8"))
    assert entries
    with (LOCALE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, msgstr in entries.items():
        assert compiled.gettext(msgid) == msgstr, f"django.mo 已过期，请用 msgfmt 重新编译：{msgid}"


def test_select_boxes_offer_a_chinese_blank_choice(db):
    from gongkai.catalog.forms import RecordForm
    from gongkai.organisations.models import Agency

    with translation.override("zh-hans"):
        form = RecordForm(agency=Agency(pk=1))
        html = str(form["doc_type"])
    assert "请选择" in html and "Select an option" not in html
    assert isinstance(form.fields["doc_type"], forms.ChoiceField)
