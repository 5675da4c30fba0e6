"""Step two, names: registered residents' names (also written apart, in traditional characters or in pinyin),
names of people erased from the register (kept only as salted hashes), and names of people who are not registered,
found by a rule (a common surname and characters common in given names, with a word around them that speaks of a
person, and not an ordinary word such as 王府井, 张贴, 周末).

What the rule cannot find: a name made of characters rare in given names (王囧), a name with no word around it that
speaks of a person (王建国楼道灯坏了: too like ordinary text), a surname outside the common list, a two-character name
whose characters are an ordinary word, and a pinyin name of someone who is not registered. Registered residents are
found whatever is around them.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from app.services.documents.masking.chars import COMMON_SURNAMES, COMPOUND_SURNAMES, GIVEN_CHARS, GUARD_WORDS
from app.services.documents.masking.normalise import View, fold_for_names
from app.services.documents.masking.rules import ANONYMOUS, BY_HAND, NAME, STAR, Find, mask_name

__all__ = ["ErasedNames", "NameBook", "erased_digests", "introduced_names", "pinyin_keys"]

# Words after which a name usually follows: 联系人张三, 业主李建国, 来电人王芳.
_PERSON_WORDS = ("联系人", "联络人", "反映人", "来电人", "来访人", "报修人", "当事人", "业主", "住户", "租户", "户主",
                 "居民", "家属", "老人", "本人", "姓名")
_INTRODUCED = re.compile(
    "(?:" + "|".join(_PERSON_WORDS) + r")[:：\s]*("
    + "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + ")[\u4e00-\u9fff]{1,2}"
    + "|[" + "".join(sorted(COMMON_SURNAMES)) + "][\u4e00-\u9fff]{1,2}"
    + ")")
# Words right after a person's name: what they said or did, or how they are called.
_AFTER = re.compile("(?:说|讲|称|反映|表示|来电|打电话|投诉|报修|告诉|提出|要求|同意|认为|老人|大爷|大妈|阿姨|"
                    "奶奶|爷爷|"
                    "师傅|先生|女士|同志|老师|书记|主任|家属|夫妇|一家|本人|家中|家里|家的|的家|的儿子|的女儿|的电话|"
                    "的手机|住在|今年|独居|来访|上门|申请|咨询|询问|签字|确认|等人|和|、|，|,|。|；)")
# Words right before a person's name.
_BEFORE = ("和", "与", "跟", "及", "找", "让", "叫", "请", "由", "经", "给", "向", "把", "被", "据", "帮", "替", "同",
           "陪", "通知", "联系", "告诉", "看望", "探望", "走访", "慰问", "邻居", "楼上", "楼下", "对门", "隔壁", "儿子",
           "女儿", "老伴", "丈夫", "妻子", "母亲", "父亲", "租客", "房东")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def introduced_names(text: str) -> list[str]:
    """Names of people who need not be registered residents, found where free text introduces a person
    (联系人张三, 业主：李建国): a common surname and one or two more characters after such a word. It cannot know
    where a name ends (业主李建国称 gives 李建国, but 联系人张三说 gives 张三说): masking one character too many
    on a public notice is the safe side."""
    return [m.group(1) for m in _INTRODUCED.finditer(fold_for_names(text))]


@lru_cache(maxsize=65536)
def pinyin_keys(name: str) -> tuple[str, ...]:
    """The ways ``name`` is written in pinyin, as lower-case letters without spaces: zhangsan, and given name first
    (sanzhang); every reading of a character with several (单: dan, shan), ü as v and as u."""
    from pypinyin import Style, pinyin  # imported when a text holds Latin letters: it takes a moment to load

    readings = pinyin(fold_for_names(name), style=Style.NORMAL, heteronym=True, errors="ignore")
    if len(readings) < 2:
        return ()
    keys: set[str] = set()
    for combo in itertools.islice(itertools.product(*readings), 16):
        for order in (combo, combo[1:] + combo[:1]):
            key = "".join(order).lower()
            keys.update({key, key.replace("v", "u"), key.replace("v", "yu")})
    return tuple(sorted(k for k in keys if len(k) >= 4))


def digest(salt: bytes, key: str) -> str:
    return hashlib.sha256(salt + key.encode("utf-8")).hexdigest()


def erased_digests(name: str, salt: bytes) -> list[tuple[int, str]]:
    """What is kept of an erased resident's name to go on masking it: salted SHA-256 of its folded characters and of
    its pinyin forms, each with its length in characters (0 for pinyin)."""
    folded = fold_for_names(name)
    if len(folded) < 2:
        return []
    return [(len(folded), digest(salt, folded))] + [(0, digest(salt, k)) for k in pinyin_keys(folded)]


@dataclass(frozen=True)
class ErasedNames:
    salt: bytes
    digests: frozenset[str]
    lengths: frozenset[int]


def _occurrences(view: View, word: str, kind: str, replacement: str) -> Iterator[Find]:
    """Every place ``word`` stands in ``view``, as spans of the original text."""
    start = view.text.find(word)
    while start >= 0:
        a, b = view.span(start, start + len(word))
        yield Find(a, b, kind, replacement)
        start = view.text.find(word, start + len(word))


class NameBook:
    """The names to mask in the texts of one document: registered residents', those of residents who asked to stay
    anonymous (匿名), erased ones (hashed), and words the clerk chose to hide on this document."""

    def __init__(self, names: Iterable[str] = (), anonymous: Iterable[str] = (), erased: ErasedNames | None = None,
                 hide: Iterable[str] = (), keep: Iterable[str] = ()) -> None:
        """``keep``: names never masked (the reader's own, in their own export), not even where the rule for
        unregistered names would find them."""
        self._mask: dict[str, str] = {}
        for name in names:
            folded = fold_for_names(name)
            if len(folded) >= 2:
                self._mask[folded] = mask_name(folded)
        for name in anonymous:
            folded = fold_for_names(name)
            if len(folded) >= 2:
                self._mask[folded] = ANONYMOUS
        self._lengths = sorted({len(k) for k in self._mask}, reverse=True)
        self._erased = erased if erased is not None and erased.digests else None
        self._hide = sorted({f for f in (fold_for_names(w) for w in hide) if f}, key=len, reverse=True)
        self._pinyin: dict[str, str] | None = None
        self._keep = sorted({f for f in (fold_for_names(k) for k in keep) if len(f) >= 2}, key=len, reverse=True)

    def with_anonymous(self, anonymous: Iterable[str]) -> NameBook:
        """This book, with more names that print as 匿名 (the reporters of one request who asked for it)."""
        more = [a for a in anonymous if len(fold_for_names(a)) >= 2]
        if not more:
            return self
        book = NameBook((), more)
        book._mask = {**self._mask, **book._mask}
        book._lengths = sorted({len(k) for k in book._mask}, reverse=True)
        book._erased, book._hide, book._keep = self._erased, self._hide, self._keep
        return book

    def _pinyin_map(self) -> dict[str, str]:
        if self._pinyin is None:
            self._pinyin = {key: mask for name, mask in self._mask.items() for key in pinyin_keys(name)}
        return self._pinyin

    def finds(self, names: View, plain: View) -> Iterator[Find]:
        """Known names and hand-hidden words first; a name found by rule only where none of those is."""
        known = [*self._registered(names), *self._in_pinyin(plain), *self._hidden(names)]
        yield from known
        kept = [f for word in self._keep for f in _occurrences(names, word, BY_HAND, "")]
        for f in _unregistered(plain):
            if not any(f.start < k.end and k.start < f.end for k in (*known, *kept)):
                yield f

    def _hidden(self, view: View) -> Iterator[Find]:
        for word in self._hide:
            yield from _occurrences(view, word, BY_HAND, STAR * len(word))

    def _registered(self, view: View) -> Iterator[Find]:
        text, mask, erased = view.text, self._mask, self._erased
        lengths = sorted(set(self._lengths) | (erased.lengths if erased else set()), reverse=True)
        i = 0
        while i < len(text):
            for n in lengths:
                key = text[i:i + n]
                if len(key) < n:
                    continue
                replacement = mask.get(key)
                if replacement is None and erased is not None and n in erased.lengths \
                        and digest(erased.salt, key) in erased.digests:
                    replacement = mask_name(key)
                if replacement is not None:
                    a, b = view.span(i, i + n)
                    yield Find(a, b, NAME, replacement)
                    i += n - 1
                    break
            i += 1

    def _in_pinyin(self, view: View) -> Iterator[Find]:
        tokens = list(re.finditer(r"[A-Za-z]+", view.text))
        if not tokens:
            return
        known = self._pinyin_map()
        erased = self._erased
        for i in range(len(tokens)):
            for j in range(min(len(tokens), i + 4) - 1, i - 1, -1):
                gaps = [view.text[tokens[k].end():tokens[k + 1].start()] for k in range(i, j)]
                if any(len(g) > 3 or _HAN.search(g) or any(c.isdigit() for c in g) for g in gaps):
                    continue
                key = "".join(t.group() for t in tokens[i:j + 1]).lower()
                replacement = known.get(key)
                if replacement is None and erased is not None and digest(erased.salt, key) in erased.digests:
                    replacement = STAR * 3
                if replacement is not None:
                    a, b = view.span(tokens[i].start(), tokens[j].end())
                    yield Find(a, b, NAME, replacement)
                    break


def _plausible(name: str) -> bool:
    if name[0] not in COMMON_SURNAMES or any(c not in GIVEN_CHARS for c in name[1:]):
        return False
    return name not in GUARD_WORDS and name[1:] not in GUARD_WORDS  # 方明天: 明天 is a day, not a given name


def _unregistered(view: View) -> Iterator[Find]:
    """People who are not registered: introduced (联系人张三), or a plausible name with a word about a person after
    it (王建国说…, 李秀英老人…) and, for a two-character name, a boundary or a word about a person before it."""
    text = view.text
    for m in _INTRODUCED.finditer(text):
        if m.group(1)[:2] in GUARD_WORDS:
            continue
        a, b = view.span(m.start(1), m.end(1))
        yield Find(a, b, NAME, mask_name(m.group(1)))
    for p, ch in enumerate(text):
        if ch not in COMMON_SURNAMES:
            continue
        before = text[:p]
        boundary = not before or not _HAN.match(before[-1]) or before.endswith(_BEFORE)
        for k in (3, 2):
            name = text[p:p + k]
            if len(name) < k or not _plausible(name):
                continue
            after = bool(_AFTER.match(text, p + k)) or p + k == len(text)
            if (after and boundary) or (k == 3 and after and text[p + k:p + k + 1] not in "，,。；、和"):
                a, b = view.span(p, p + k)
                yield Find(a, b, NAME, mask_name(name))
                break
