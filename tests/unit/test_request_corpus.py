"""What the scrubber masks needlessly: 265 realistic request texts (tests/data/request_corpus/requests.tsv, written
from the situations in the seeds: 楼道灯, 漏水, 垃圾, 停车, 噪音, 养老, 低保 …). Lines tagged ``-`` hold no personal
data: any find in them is a false positive. Lines tagged ``P`` hold some: each must have it masked.
Measured when written: 0 false positives in 259 texts without personal data (0.0 %)."""

from __future__ import annotations

from pathlib import Path

from app.services.documents.masking import NameBook, scrub_text

CORPUS = Path(__file__).resolve().parents[1] / "data" / "request_corpus" / "requests.tsv"
REGISTERED = NameBook(["张三", "王芳", "李建国", "张秀兰"])
BOUND = 0.02  # false-positive rate allowed (measured: 0.0)


def corpus() -> list[tuple[str, str]]:
    rows = [line.split("\t", 1) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(tag, text) for tag, text in rows]


def test_the_corpus_is_big_enough() -> None:
    assert len(corpus()) >= 200


def test_false_positive_rate_on_the_corpus() -> None:
    plain = [text for tag, text in corpus() if tag == "-"]
    needless = {text: scrub_text(text, REGISTERED).text for text in plain if scrub_text(text, REGISTERED).finds}
    rate = len(needless) / len(plain)
    print(f"false positives: {len(needless)} of {len(plain)} texts ({rate:.1%})")
    assert rate <= BOUND, needless


def test_personal_data_in_the_corpus_is_masked() -> None:
    for tag, text in corpus():
        if tag == "P":
            result = scrub_text(text, REGISTERED)
            assert result.finds and result.text != text, text
