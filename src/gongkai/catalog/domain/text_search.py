"""Chinese text for search: jieba segmentation at index and query time, query sanitising and
highlighted snippets. The database backends only ever see the plain tokens made here, so
SQLite (FTS5) and PostgreSQL (tsvector) match exactly the same records."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import jieba

jieba.setLogLevel(logging.WARNING)

MAX_QUERY_CHARS = 100
MAX_QUERY_TERMS = 12
# Particles and function words that would match nearly every record.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 在 是 对 为 于 等 之 其 并 将 把 被 由 从 以 也 就 都 而 则".split()
)
# Query-language words people paste from other search engines; never search terms here.
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[^\w]+")


def _keep(token: str) -> str | None:
    token = token.strip().lower()
    if not token or token in STOPWORDS or not _WORD.fullmatch(token) or "_" in token:
        return None
    return token


def index_tokens(text: str) -> list[str]:
    """Tokens for the index, in order (repeats kept: term frequency ranks). The search mode
    adds the dictionary words inside long words, so a query for 信息 finds 政府信息公开."""
    out = []
    for raw in jieba.cut_for_search(_NOT_WORD.sub(" ", text or "")):
        token = _keep(raw)
        if token:
            out.append(token)
    return out


def parts_of(word: str) -> tuple[str, ...]:
    """The dictionary words inside ``word`` that the search mode indexes beside it, the longest
    only (规范性 and 文件 for 规范性文件, not 规范 inside 规范性): () for a word with none."""
    parts = [p for raw in jieba.cut_for_search(word) if (p := _keep(raw)) and p != word]
    parts = list(dict.fromkeys(parts))
    return tuple(p for p in parts if not any(p != q and p in q for q in parts))


@dataclass(frozen=True)
class Term:
    """One word of a query. A word that no record holds matches the records that hold all of
    its parts (``parts_of``; ``Query.narrowed``): 财政预算 then finds 县财政局 … 部门预算, while a
    record with only one of the parts (预算 alone) is no hit. A word the index holds matches
    itself only: reading the parts' long posting lists too would cost a common word tens of
    milliseconds and add little, as the word already finds what is about it. The index holds the
    search mode's parts of every word, so a record whose text has the word has its parts."""

    word: str
    parts: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[str, ...]:
        return (self.word, *self.parts)


@dataclass(frozen=True)
class Query:
    text: str  # what the person typed, trimmed for display
    words: tuple[Term, ...]  # every hit must match each of them

    @property
    def empty(self) -> bool:
        return not self.words

    @property
    def terms(self) -> tuple[str, ...]:
        """Every token that can match, words and parts: what is highlighted and ranked."""
        return tuple(dict.fromkeys(t for w in self.words for t in w.tokens))

    def narrowed(self, indexed: Callable[[str], bool]) -> Query:
        """The query a backend runs: a word with parts keeps them only if ``indexed`` says no
        record holds the word (see Term)."""
        words = tuple(Term(w.word) if w.parts and indexed(w.word) else w for w in self.words)
        return Query(text=self.text, words=words)


def parse_query(raw: str | None) -> Query:
    """Any input becomes plain terms: operators, quotes, brackets and control characters are
    dropped, the length is capped, and nothing reaches the database's query syntax."""
    text = (raw or "")[: MAX_QUERY_CHARS * 4]
    text = "".join(ch for ch in text if ch.isprintable())
    text = re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_CHARS]
    words: list[str] = []
    for raw_token in jieba.cut(_NOT_WORD.sub(" ", text)):
        if raw_token in OPERATORS:
            continue
        token = _keep(raw_token)
        if token and token not in words:
            words.append(token)
        if len(words) == MAX_QUERY_TERMS:
            break
    return Query(text=text, words=tuple(Term(w, parts_of(w)) for w in words))


def fts5_string(token: str) -> str:
    """A token as an FTS5 string: quoted, so nothing in it is query syntax."""
    return '"' + token.replace('"', '""') + '"'


def fts5_match(query: Query) -> str:
    """An FTS5 MATCH expression: each word, or all its parts, and every word (AND)."""
    return " AND ".join(
        f"({fts5_string(w.word)} OR ({' AND '.join(map(fts5_string, w.parts))}))"
        if w.parts
        else fts5_string(w.word)
        for w in query.words
    )


def tsquery_lexeme(token: str) -> str:
    """A token quoted for the ``::tsvector``/``::tsquery`` input functions (no parser)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query: Query) -> str:
    """A tsquery literal for ``::tsquery`` (no parser runs on it), the same logic as
    ``fts5_match``: each word, or all its parts, and every word."""
    return " & ".join(
        f"({tsquery_lexeme(w.word)} | ({' & '.join(map(tsquery_lexeme, w.parts))}))"
        if w.parts
        else tsquery_lexeme(w.word)
        for w in query.words
    )


def snippet(text: str, terms: tuple[str, ...], width: int = 120) -> str:
    """Escaped HTML: a window of ``text`` around the first hit with every term in <mark>."""
    text = text or ""
    lowered = text.lower()
    hits = [i for t in terms if (i := lowered.find(t)) >= 0]
    start = max(0, min(hits) - width // 4) if hits else 0
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return prefix + highlight(window, terms) + suffix


def highlight(text: str, terms: tuple[str, ...]) -> str:
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
