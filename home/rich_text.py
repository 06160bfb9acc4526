"""Limited rich text (paragraphs, bold, italic, lists, links) made from plain text, and
read back as plain text for emails and other places that cannot show HTML.

The plain-text reading keeps what the markup meant: each paragraph on its own, list
items as "- item" (or "1. item"), and a link's address after its words, so an email
says everything the page does. Tags are never passed through, and entities are
decoded once."""

from html import escape
from html.parser import HTMLParser

# The editor's features for short, plain pages (an opportunity's "What it involves").
LIMITED_FEATURES = ["bold", "italic", "ol", "ul", "link"]

_BLOCKS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "blockquote"}


def rich_text_from_plain(text: str) -> str:
    """Plain text as rich text: a blank line starts a new paragraph, a single line break
    stays one (<br>), and everything is escaped (nothing typed becomes markup)."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip()) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        # (text, tight): a tight block follows the one before on the next line (the
        # next list item, the line after a <br>), the others after a blank line.
        self.blocks: list[tuple[str, bool]] = []
        self.current: list[str] = []
        self.tight = False
        self.lists: list[list] = []  # each open list: [kind, count]
        self.link: str | None = None
        self.link_words: list[str] = []

    def _end_block(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append((text, self.tight and bool(self.blocks)))
        self.current = []
        self.tight = False

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS or tag in ("ul", "ol"):
            self._end_block()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self._end_block()
            if self.lists:
                self.lists[-1][1] += 1
                self.tight = self.lists[-1][1] > 1
                kind, count = self.lists[-1]
                self.current.append(f"{count}. " if kind == "ol" else "- ")
            else:
                self.current.append("- ")
        elif tag == "br":
            self._end_block()
            self.tight = True
        elif tag == "a":
            self.link = dict(attrs).get("href") or None
            self.link_words = []

    def handle_endtag(self, tag):
        if tag == "a":
            words = "".join(self.link_words).strip()
            if self.link and self.link != words and not self.link.startswith("#"):
                self.current.append(f" ({self.link})")
            self.link = None
        elif tag in _BLOCKS or tag in ("li", "ul", "ol"):
            self._end_block()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()

    def handle_data(self, data):
        self.current.append(data)
        if self.link is not None:
            self.link_words.append(data)

    def text(self) -> str:
        self._end_block()
        out = ""
        for index, (text, tight) in enumerate(self.blocks):
            if index:
                out += "\n" if tight else "\n\n"
            out += text
        return out


def rich_text_as_plain(html: str) -> str:
    """Rich text for a plain-text email or a text field: no tags, entities decoded,
    paragraphs apart, list items one to a line, links' addresses kept."""
    parser = _PlainText()
    parser.feed(html or "")
    parser.close()
    return parser.text()
