"""The shipped Chinese translation is complete, current with the code, and agrees with printed labels."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from app import i18n
from app.services.core import labels

TS = i18n.I18N_DIR / "zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name") or "", msg.findtext("source") or "", msg)
            for ctx in root.findall("context") for msg in ctx.findall("message")]


def test_every_message_is_translated_with_the_same_placeholders() -> None:
    found = messages(TS)
    assert len(found) > 250
    for context, source, msg in found:
        tr = msg.find("translation")
        assert tr is not None and tr.get("type") is None, (context, source)
        text = tr.text or ""
        assert text.strip(), (context, source)
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(source)), (context, source, text)
        words = PLACEHOLDER.sub("", re.sub(r"<[^>]+>", "", source))
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text) or not re.search("[A-Za-z]{3}", words), \
            (context, source, text)


def test_labels_translate_to_the_chinese_printed_on_documents() -> None:
    table = {(c, s): (m.findtext("translation") or "") for c, s, m in messages(TS)}
    for source, chinese in labels.all_labels():
        assert table[(labels.CONTEXT, source)] == chinese, source


def test_the_translation_file_is_current_with_the_source_strings(tmp_path: Path) -> None:
    copy = tmp_path / "zh_CN.ts"
    shutil.copyfile(TS, copy)
    i18n.update(str(copy))
    before = {(c, s) for c, s, _ in messages(TS)}
    after = {(c, s) for c, s, _ in messages(copy)}
    assert after - before == set(), "new strings: run `make i18n` and translate them"
    assert before - after == set(), "strings no longer in the code: run `make i18n`"


def test_the_compiled_translation_matches_the_ts_file(tmp_path: Path) -> None:
    qm = tmp_path / "zh_CN.qm"
    i18n.release(str(TS), str(qm))
    assert qm.read_bytes() == (i18n.I18N_DIR / "zh_CN.qm").read_bytes(), "run `make i18n` to rebuild zh_CN.qm"
