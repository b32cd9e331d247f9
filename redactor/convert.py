"""Correspondence -> PDF: .eml, Outlook .msg, .txt and .md inputs rendered to a plain, readable PDF (the
headers From/To/Cc/Date/Subject, the body, the list of attachments) that is then redacted like any PDF.

Breach notifications arrive as email threads with attachments and as text exports; a tool that only
reads PDFs misses them silently. The rendering is deliberately simple: Courier (see _Writer), the body's
own line breaks kept (quoted replies stay quoted), HTML bodies turned into text first (scripts, styles
and remote images are dropped, nothing is fetched). Attachments are returned with their bytes: the
pipeline processes PDF (and correspondence) attachments as documents of their own and lists every
other one as withheld.

The display names in the address headers are returned too: names in email headers are the most common
leak in email releases, so the pipeline seeds them into name detection for the whole document.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser
from pathlib import Path

import pymupdf

from redactor.errors import EmptyPdf, NotAPdf
from redactor.pdf.files import OutputNames, read_input

SUFFIXES = {".eml": "eml", ".msg": "msg", ".txt": "txt", ".md": "md"}
ADDRESS_HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc")
SHOWN_HEADERS = ("From", "To", "Cc", "Bcc", "Date", "Subject")
PAGE = pymupdf.paper_rect("a4")
MARGIN = 57.0


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(slots=True)
class Message:
    """One piece of correspondence, as text: headers in display order, body, attachments."""

    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(slots=True)
class Converted:
    document: pymupdf.Document
    format: str  # eml | msg | txt | md
    header_names: frozenset[str] = frozenset()  # display names from the address headers
    attachments: list[Attachment] = field(default_factory=list)


def is_correspondence(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


# --- HTML bodies -----------------------------------------------------------------------------------------

class _HtmlText(HTMLParser):
    """HTML -> text: block elements become line breaks, <blockquote> lines get '> ', list items '- ',
    link targets are kept after the link text, script/style/head are dropped."""

    BLOCK = {"p", "div", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "hr", "section",
             "article", "header", "footer"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.quote = 0
        self.skip = 0
        self.href: list[str | None] = []

    def _newline(self) -> None:
        self.out.append("\n")

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "br":
            self._newline()
        elif tag == "blockquote":
            self.quote += 1
            self._newline()
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("td", "th"):
            self.out.append("\t")
        elif tag in self.BLOCK:
            self._newline()
        if tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self._newline()
        elif tag in self.BLOCK:
            self._newline()
        if tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http", "mailto:")) and href.removeprefix("mailto:") not in "".join(self.out[-3:]):
                self.out.append(f" <{href.removeprefix('mailto:')}>")

    def handle_data(self, data):
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if self.quote and (not self.out or self.out[-1].endswith("\n")):
            text = "> " * self.quote + text.lstrip()
        self.out.append(text)

    def text(self) -> str:
        lines = [line.strip() for line in "".join(self.out).splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return parser.text()


# --- parsing -----------------------------------------------------------------------------------------------

def _decode(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError, AssertionError):  # unknown or wrong charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def parse_eml(data: bytes) -> Message:
    """RFC 822 / MIME: the plain-text body (or the HTML one as text), every attachment with its bytes."""
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(msg, EmailMessage) or not (msg.keys() or msg.get_payload()):
        raise ValueError("no headers or body")
    headers = [(name, str(msg[name])) for name in SHOWN_HEADERS if msg[name] is not None]
    # address headers not shown are still text a reader of the PDF must not get; add them too
    headers += [(name, str(msg[name])) for name in ADDRESS_HEADERS if name not in SHOWN_HEADERS and msg[name]]
    body_part = msg.get_body(preferencelist=("plain", "html"))
    body = ""
    if body_part is not None:
        body = _decode(body_part)
        if body_part.get_content_type() == "text/html":
            body = html_to_text(body)
    attachments = []
    for part in msg.iter_attachments():
        name = part.get_filename() or f"attachment.{part.get_content_subtype()}"
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            payload = inner[0].as_bytes() if isinstance(inner, list) else bytes(part.get_payload(decode=True) or b"")
            name = part.get_filename() or "message.eml"
        else:
            payload = part.get_payload(decode=True) or b""
        attachments.append(Attachment(name, part.get_content_type(), payload))
    return Message(headers, body, attachments)


def parse_msg(path: Path) -> Message:
    """Outlook .msg (OLE compound file) through extract-msg."""
    import extract_msg  # lazily: 0.3 s to import, and only .msg files need it

    msg = extract_msg.openMsg(str(path))
    try:
        headers = []
        for name, value in (("From", msg.sender), ("To", msg.to), ("Cc", msg.cc), ("Bcc", msg.bcc),
                            ("Date", msg.date), ("Subject", msg.subject)):
            if value:
                headers.append((name, str(value)))
        body = msg.body or ""
        if not body.strip() and msg.htmlBody:
            raw = msg.htmlBody
            body = html_to_text(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw)
        attachments = []
        for att in msg.attachments:
            name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or "attachment"
            data = att.data
            if not isinstance(data, bytes | bytearray):  # an embedded message: its own .msg bytes are not kept
                inner = data
                data = _message_bytes(inner)
                name = f"{getattr(inner, 'subject', None) or 'message'}.eml"
            attachments.append(Attachment(name, getattr(att, "mimetype", None) or "application/octet-stream",
                                          bytes(data)))
        return Message(headers, body, attachments)
    finally:
        msg.close()


def _message_bytes(inner) -> bytes:
    """An embedded Outlook message as a minimal .eml, so it is processed like a mail attachment."""
    out = EmailMessage()
    for name, attr in (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Subject", "subject")):
        value = getattr(inner, attr, None)
        if value:
            out[name] = str(value).replace("\n", " ")
    out.set_content(getattr(inner, "body", None) or "")
    return out.as_bytes()


def parse_text(data: bytes, fmt: str, name: str) -> Message:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    return Message([("File", name)], text.replace("\r\n", "\n"), [])


def header_names(message: Message) -> frozenset[str]:
    """Display names in the address headers ("Whitfield, Tom" <...> -> "Whitfield, Tom")."""
    values = [value for name, value in message.headers if name in ADDRESS_HEADERS]
    names = set()
    for display, address in getaddresses(values):
        display = " ".join(display.split()).strip("'\" ")
        if display and "@" not in display and display.casefold() != address.casefold():
            names.add(display)
    return frozenset(names)


# --- rendering -------------------------------------------------------------------------------------------

def _wrap(text: str, columns: int) -> list[str]:
    """Monospace wrap at word boundaries; a longer word is cut. Leading '> ' quoting is repeated."""
    out = []
    for line in text.split("\n"):
        quote = re.match(r"^((?:> ?)+)", line)
        prefix = quote.group(1) if quote else ""
        current = ""
        for word in line.split(" "):
            while len(word) > columns:
                if current:
                    out.append(current)
                    current = prefix
                out.append(current + word[:columns - len(current)])
                word, current = word[columns - len(current):], prefix
            candidate = f"{current} {word}" if current and current != prefix else current + word
            if len(candidate) > columns:
                out.append(current)
                current = prefix + word
            else:
                current = candidate
        out.append(current)
    return out


class _Writer:
    """Top-down monospace text over A4 pages: base-14 Courier written with insert_text, so the released
    text is plain, ligature-free and extractable exactly as written (MuPDF's HTML layout shapes its sans
    face with fi/ffi ligatures, and a released "Oﬃce" is not found by a requester's search)."""

    SIZE = 9.5
    LEADING = 1.35

    def __init__(self) -> None:
        self.doc = pymupdf.open()
        self.columns = int((PAGE.width - 2 * MARGIN) / (0.6 * self.SIZE))
        self.page: pymupdf.Page | None = None
        self.y = 0.0

    def line(self, text: str, bold: bool = False, indent: int = 0) -> None:
        if self.page is None or self.y + self.SIZE * self.LEADING > PAGE.height - MARGIN:
            self.page = self.doc.new_page(width=PAGE.width, height=PAGE.height)
            self.y = MARGIN
        self.y += self.SIZE * self.LEADING
        if not text.strip():
            return
        point = pymupdf.Point(MARGIN + indent * 0.6 * self.SIZE, self.y)
        font = "cobo" if bold else "cour"
        try:
            text.encode("cp1252")
            self.page.insert_text(point, text, fontname=font, fontsize=self.SIZE)
        except UnicodeEncodeError:  # base-14 fonts are WinAnsi: the same face, embedded, for the rest
            writer = pymupdf.TextWriter(self.page.rect)
            writer.append(point, text, font=pymupdf.Font(font), fontsize=self.SIZE)
            writer.write_text(self.page)

    def para(self, text: str, bold: bool = False, indent: int = 0) -> None:
        for line in _wrap(text, self.columns - indent):
            self.line(line, bold, indent)


def render(message: Message, fmt: str, title: str) -> pymupdf.Document:
    """The message as a PDF: the headers, the body with its line breaks, the list of attachments."""
    out = _Writer()
    subject = next((v for n, v in message.headers if n == "Subject"), None)
    out.para(subject if subject is not None else title, bold=True)
    out.line("")
    width = max((len(n) for n, _ in message.headers), default=0) + 2
    for name, value in [*((n, v) for n, v in message.headers if n != "Subject"),
                        *((("Subject", subject),) if subject is not None else ())]:
        lines = _wrap(" ".join(value.split()), out.columns - width)
        for i, line in enumerate(lines):
            out.line(f"{name + ':':<{width}}{line}" if i == 0 else " " * width + line)
    out.line("")
    body = message.body.strip("\n") or "(no text body)"
    for line in body.split("\n"):
        heading = fmt == "md" and re.match(r"^#{1,6}\s+(.*)$", line)
        out.para(heading.group(1) if heading else line, bold=bool(heading))
    if message.attachments:
        out.line("")
        out.line(f"Attachments ({len(message.attachments)}):", bold=True)
        for a in message.attachments:
            out.para(f"- {a.name} ({a.content_type}, {len(a.data)} bytes)", indent=2)
        out.para("Each attachment is processed or withheld separately; see the report.")
    return out.doc


def convert_bytes(data: bytes, name: str, path: Path | None = None) -> Converted:
    """Parse and render one piece of correspondence (`name` decides the format by its suffix)."""
    fmt = SUFFIXES[Path(name).suffix.lower()]
    where = path or name
    if not data:
        raise EmptyPdf("empty file (0 bytes)", where)
    try:
        if fmt == "eml":
            message = parse_eml(data)
        elif fmt == "msg":
            if path is None:
                raise ValueError("Outlook messages are read from a file")
            message = parse_msg(path)
        else:
            message = parse_text(data, fmt, name)
    except Exception as exc:  # the parsers raise many types on damaged input; all mean the same here
        raise NotAPdf(f"cannot read this {fmt} file ({type(exc).__name__}: {exc})", where) from None
    return Converted(render(message, fmt, name), fmt, header_names(message), message.attachments)


def convert_file(path: Path) -> Converted:
    return convert_bytes(read_input(path), path.name, path)


# --- attachments ---------------------------------------------------------------------------------------------

MAX_ATTACHMENT_DEPTH = 2  # an attachment of an attachment of an email; deeper ones are withheld


def _handler(attachment: Attachment) -> str | None:
    """The format an attachment is processed as, or None: withheld with a note."""
    if attachment.data[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    return SUFFIXES.get(Path(attachment.name).suffix.lower())


def attachment_name(source: Path, index: int, attachment: Attachment, withheld: list[str]) -> str:
    """NAME.attachment-N-<safe name><suffix>: the file name the attachment is processed under (its outputs
    are named after it). A name that contains withheld text ("Tom Whitfield CV.pdf") is not used."""
    suffix = ".pdf" if _handler(attachment) == "pdf" else Path(attachment.name).suffix.lower()
    stem = Path(attachment.name).stem
    if any(w and w.casefold() in attachment.name.casefold() for w in withheld):
        stem = ""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:60]
    return OutputNames.for_source(source, Path()).attachment(index, safe, suffix)
