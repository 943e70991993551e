"""Article text → paragraphs and sentences (with offsets): HTML stripped, navigation noise
("Baca juga", "Berita Terkait", copyright lines) dropped."""
from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from jkn_geo.config import EXTRACT_MAX_SENTENCE

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
          "article", "header", "footer", "blockquote", "figcaption", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head"}


class _Strip(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in _SKIP:
            self.skip += 1
        if tag in _BLOCK:
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            self.out.append("\n\n")
        elif tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.out.append(data)
        elif not self.skip:
            self.out.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block per paragraph (scripts and styles dropped)."""
    p = _Strip()
    p.feed(html)
    p.close()
    text = "".join(p.out)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", _html.unescape(text))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"(?i)<(html|body|p|div|article|br)\b[^>]*>", text[:5000]))


_NOISE_LINE = re.compile(r"(?i)^\s*(baca juga|baca :|berita terkait|berita terkini|ikuti kami|copyright|©|"
                         r"penulis\s*:|editor\s*:|pewarta\s*:|redaktur\s*:|sumber\s*:|all right|halaman\s*$|"
                         r"lihat juga|simak juga|artikel terkait)")
_BULLET_LINE = re.compile(r"^\s*[•·▪●]")


@dataclass
class Sentence:
    text: str
    start: int           # offset in the article text
    para: int            # paragraph number
    index: int           # sentence number in the article


@dataclass
class Article:
    text: str
    paragraphs: list[str]
    sentences: list[Sentence]
    copyright_year: int | None = None


_ABBREV = re.compile(r"(?i)(?:\b(?:kab|kec|kel|prov|no|nomor|rp|ir|h|hj|dr|drs|st|mt|mm|jl|ds|tbk|pt|sdr|bpk|"
                     r"s\.t|m\.t|m\.m|s\.e|m\.kes|s\.km|s\.h|m\.si|s\.sos|m\.ap|ny|tn|prof|dkk|dll|ket|hlm)|\b[A-Z])\.$")
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def split_sentences(par: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    out: list[tuple[int, str]] = []
    pos = 0
    cur_start = 0
    for m in _SPLIT.finditer(par):
        piece = par[cur_start:m.start()].rstrip()
        if _ABBREV.search(piece[-8:]):
            continue
        out.append((cur_start, piece))
        cur_start = m.end()
        pos = m.end()
    del pos
    rest = par[cur_start:].strip()
    if rest:
        out.append((cur_start, rest))
    pieces: list[tuple[int, str]] = []
    for o, s in out:
        while len(s) > EXTRACT_MAX_SENTENCE:        # no full stops: cut at a space, the offsets kept
            cut = s.rfind(" ", 0, EXTRACT_MAX_SENTENCE)
            cut = cut if cut > 0 else EXTRACT_MAX_SENTENCE
            pieces.append((o, s[:cut]))
            o, s = o + cut, s[cut:]
        pieces.append((o, s))
    return [(o, s) for o, s in pieces if s.strip()]


def prepare(text: str) -> Article:
    """Paragraphs (non-empty lines that are not navigation noise) and their sentences."""
    if looks_like_html(text):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    cy = None
    m = re.search(r"(?i)(?:copyright|©)\D{0,40}((?:19|20)\d\d)", text)
    if m:
        cy = int(m.group(1))
    paragraphs: list[str] = []
    for line in re.split(r"\n", text):
        s = re.sub(r"\s+", " ", line).strip()
        if not s or _NOISE_LINE.match(s) or _BULLET_LINE.match(s):
            continue
        paragraphs.append(s)
    clean = "\n".join(paragraphs)
    sentences: list[Sentence] = []
    offset = 0
    for pi, par in enumerate(paragraphs):
        for o, s in split_sentences(par):
            sentences.append(Sentence(s, offset + o, pi, len(sentences)))
        offset += len(par) + 1
    return Article(clean, paragraphs, sentences, cy)
