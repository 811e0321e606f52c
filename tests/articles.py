"""Small made-up articles and files for the document collection's tests (nothing here is real news)."""

from __future__ import annotations

import io

LIGHTHOUSE = """Volunteers relight the Kessock Point lighthouse after forty years

The lighthouse at Kessock Point was switched back on last Saturday after standing dark for forty years.

A group of 23 volunteers spent three winters restoring the tower, which was built in 1871.

The restoration was led by retired engineer Maren Dahl, who replaced the old lamp with a solar-powered beacon.

The beacon can be seen from 14 miles out at sea, according to the harbour master.
"""
LIGHTHOUSE_QUESTION = "Who led the restoration of the lighthouse?"
LIGHTHOUSE_ANSWER = "Maren Dahl"

BAKERY = """# Oxbridge Vale bakery wins regional prize

The Corner Loaf bakery in Oxbridge Vale has won the regional bread award for the second year running.

Its owner, Tomasz Wren, said the winning sourdough is proofed for thirty hours before baking.
"""

STORE_FIRE = """Fire destroys furniture store

A fire destroyed a furniture store on River Road on Sunday night, and nobody was hurt.

About 40 firefighters fought the blaze for six hours before it was under control.
"""
WAREHOUSE_FIRE = """Warehouse fire in Leeds

A fire at a Leeds warehouse burned for two days before crews could put it out, the council said.

The warehouse stored paper and cardboard for a local printing firm.
"""
# A dated article: its relative dates ("last Friday") resolve against 7 March 2023, a Tuesday.
CAFE_TITLE = "Quayside cafe in Portlow robbed for the second time"
CAFE = f"""{CAFE_TITLE}

Published 7 March 2023

The Quayside cafe in Portlow was broken into last Friday, its owner Bea Tamsin said.

Police say they have found no evidence that the break-in is linked to an earlier one at the cafe.

Two weeks ago the cafe's back door was forced open, but nothing was taken.

Tamsin says the thieves took the till and a coffee machine worth 3,000 pounds.
"""

HTML_WITH_CHROME = """<html><head><title>Ferry news</title><script>var tracking = 1;</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Island ferry gets a new captain</h1>
<p>The ferry between Arran Sound and Port Ellis will be skippered by Ines Calloway from next month.</p>
<p>She has worked on the crossing for eleven years and takes over from a captain who is retiring.</p>
</article><footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>
"""

ONLY_CHROME_HTML = """<html><head><script>console.log("x");</script><style>body { color: red; }</style></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav><script>track();</script>
<footer>Copyright 2026</footer></body></html>
"""

MILL_PAGES = [
    ["The water mill in Oxbridge Vale reopened on Monday after a long repair.",
     "It had been closed since a flood in 2019."],
    ["The new owner, Priya Nandakumar, paid 40,000 pounds for the building."],
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold these lines of text (Helvetica), written with pypdf."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        shown = " ".join(f"({line}) Tj T*" for line in lines)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 11 Tf 14 TL 72 720 Td {shown} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# (file name, bytes, the error's type name, words its one line must hold)
BAD_FILES = [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "UnsupportedDocumentType", "only .txt, .md, .html and .pdf"),
    ("notes", b"Some notes without an extension.", "UnsupportedDocumentType", "only .txt, .md, .html and .pdf"),
    ("empty.txt", b"", "BadDocument", "the document is empty"),
    ("blank.md", b"  \n\n\t\n", "BadDocument", "the document is empty"),
    ("binary.txt", b"GIF89a\x00\x01\x02\x03" * 20, "BadDocument", "binary file"),
    ("latin1.txt", "Caf\u00e9 owners met in Sm\u00f8rv\u00e5g.".encode("latin-1"), "BadDocument", "not UTF-8"),
    ("huge.txt", b"The council met to discuss the budget. " * 3000, "DocumentTooLarge", "over the 100,000-byte limit"),
    ("menu.html", ONLY_CHROME_HTML.encode(), "BadDocument", "no article text found"),
    ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "BadDocument", "not a readable PDF"),
    ("scan.pdf", make_pdf([[]]), "BadDocument", "no text layer"),
]
MAX_BYTES = 100_000  # the limit the tests that use BAD_FILES set
