"""Scrub speed: texts per second over the request corpus, with 5,000 registered names (the size of a large
community) and with none. Run: PYTHONPATH=. python benchmarks/scrub_bench.py

No NER package is used (see docs/privacy.md): jieba 0.42.1 was measured on this machine at 42 MB installed, 1.0 s
to load its dictionary, 0.79 s per 1,000 texts for POS tagging, last released in January 2020, and it tags 张贴, 李子,
王府井 and 单元楼 as person names, so it would need the same guards as the rule."""

from __future__ import annotations

import random
import time
from pathlib import Path

from app.services.documents.masking import NameBook, scrub_text

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "request_corpus" / "requests.tsv"


def main() -> None:
    texts = [line.split("\t", 1)[1] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(15)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国秀英晓梅志强桂兰玉珍德华海燕丽娟明伟"
    names = {rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
             for _ in range(5000)}
    for label, book in (("no names", NameBook()), (f"{len(names)} names", NameBook(names))):
        scrub_text("张三 zhang san", book)  # warm up (pinyin tables)
        rounds = 10
        start = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                scrub_text(text, book)
        elapsed = time.perf_counter() - start
        print(f"{label}: {rounds * len(texts) / elapsed:,.0f} texts/s ({len(texts)} texts x {rounds})")


if __name__ == "__main__":
    main()
