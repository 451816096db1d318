"""Writing a block Document as an HTML template that extends _base/letter.html.

Each element that prints an outline clause's label (`clauses.<key>.label`) carries
data-clause="<key>", and a heading without one, a paragraph set to the right (a sign-off),
blanks, a signature block or a slip carries data-clause="": so the text of each clause, as rendered, can be read back from the
HTML (render/clause_text.py) for the register to keep what was signed.
"""

from __future__ import annotations

import re

from .blocks import (
    OUR_SEAL,
    SEAL,
    Blanks,
    Block,
    Chart,
    Document,
    Facts,
    For,
    Heading,
    If,
    Item,
    Notice,
    Paragraph,
    Row,
    Seal,
    Set,
    Signature,
    Signatures,
    Slip,
    Strong,
    Table,
    closing,
)

_SEAL_BOXES = {
    SEAL: '<div class="seal-box"></div>',
    OUR_SEAL: '<div class="seal-box">{% if images.seal %}<img src="{{ images.seal }}" alt="">{% endif %}</div>',
}
_OUR_SEAL_OR = '<div class="seal-box">{% if images.seal %}<img src="{{ images.seal }}" alt="">{% else %}'
_LABEL = re.compile(r"clauses\.([a-z][a-z0-9_]*)\.label")
_ENDS = ' data-clause=""'  # no clause's text goes on past this element
# A value printed whole by its path: names, company names, account and document numbers. In a PDF it does not
# break across lines unless it is longer than its line (the nobreak filter, render/environment.py).
_NAME = re.compile(
    r"\{\{ *((?:[a-z_][a-z0-9_]*\.)*(?:[a-z_]*name|[a-z_]*number|uscc|bank|representative|[a-z_]*signatory|"
    r"prepared_by|approved_by|received_by|manager|owner|title|phone)) *\}\}"
)
_LANDSCAPE = (
    "{% block page_style %}@page { size: A4 landscape; } img.chart { width: 150mm; margin: 2mm auto; }{% endblock %}"
)


def to_html(document: Document) -> str:
    out = ['{% extends "_base/letter.html" %}', "{% block number_label %}" + document.number_label + "{% endblock %}"]
    if document.landscape:
        out.append(_LANDSCAPE)
    out.append("{% block body %}")
    if document.setup:
        out.append("{% " + document.setup + " %}")
    _blocks(document.body, out, closing(document.body))
    out.append("{% endblock %}")
    return "\n".join(out) + "\n"


def _blocks(blocks: list[Block], out: list[str], keep: frozenset[int]) -> None:
    for block in blocks:
        if isinstance(block, If | For):
            _nested(block, out, keep)
            continue
        if id(block) in keep:  # a closing block: no page break just before it (letter.css, .keep)
            out.append('<div class="keep">')
        if isinstance(block, Slip):
            out.append(f'<section class="slip"{_ENDS}><h2>{block.title}</h2>')
            _blocks(block.body, out, keep)
            out.append("</section>")
        else:
            out.append(_NAME.sub(r"{{ \1 | nobreak }}", _block(block)))
        if id(block) in keep:
            out.append("</div>")


def _clause(text: str, *, ending: bool = False) -> str:
    """The data-clause attribute of an element showing this text: the clause whose label it prints, if any;
    an ending element (a heading of no clause) closes the clause before it."""
    found = _LABEL.search(text)
    if found:
        return f' data-clause="{found.group(1)}"'
    return _ENDS if ending else ""


def _nested(block: If | For, out: list[str], keep: frozenset[int]) -> None:
    keyword, head = ("if", block.cond) if isinstance(block, If) else ("for", block.loop)
    out.append(f"{{% {keyword} {head} %}}")
    _blocks(block.body, out, keep)
    out.append(f"{{% end{keyword} %}}")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h2{_clause(block.text, ending=True)}>{block.text}</h2>"
    if isinstance(block, Paragraph):
        classes = " ".join(c for c, on in (("right", block.right), ("small", block.small)) if on)
        # A paragraph set to the right is a sign-off (a name, a date): it ends the clause before it.
        attributes = (f' class="{classes}"' if classes else "") + _clause(block.text, ending=block.right)
        return f"<p{attributes}>{block.text}</p>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Signatures):
        return _signatures(block)
    if isinstance(block, Chart):
        return f'<img class="chart" src="{{{{ charts.{block.key} }}}}" alt="{block.caption}">'
    return _letter_block(block)


def _letter_block(block: Block) -> str:
    if isinstance(block, Set):
        return f"{{% set {block.statement} %}}"
    if isinstance(block, Strong):
        return f"<p{_clause(block.text)}><strong>{block.text}</strong></p>"
    if isinstance(block, Notice):  # the draft mark belongs to no clause
        return f'<p class="notice"{_ENDS}>{block.text}</p>'
    if isinstance(block, Item):
        return f'<p class="item"{_clause(block.text)}>{block.text}</p>'
    if isinstance(block, Facts):
        return _facts(block)
    if isinstance(block, Signature):
        return _signature(block)
    assert isinstance(block, Blanks)
    return f'<p class="blanks"{_ENDS}>' + "&emsp;".join(f'{label}<span class="blank"></span>' for label in block.labels) + "</p>"


def _cell(tag: str, text: str, index: int, numeric: tuple[int, ...]) -> str:
    cls = ' class="amount"' if index in numeric else ""
    return f"<{tag}{cls}>{text}</{tag}>"


def _table(table: Table) -> str:
    lines = ['<table class="grid wide">' if table.wide else '<table class="grid">']
    if table.header:
        cells = "".join(_cell("th", text, i, table.numeric) for i, text in enumerate(table.header))
        lines.append(f"<thead><tr>{cells}</tr></thead>")
    lines.append("<tbody>")
    for row in table.rows:
        cells = "".join(_cell("td", text, i, table.numeric) for i, text in enumerate(row.cells))
        lines.append(_wrapped(row, f'<tr class="total">{cells}</tr>' if row.total else f"<tr>{cells}</tr>"))
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _wrapped(row: Row, html: str) -> str:
    """A row inside its loop, and that inside its condition."""
    if row.loop:
        html = f"{{% for {row.loop} %}}{html}{{% endfor %}}"
    if row.cond:
        html = f"{{% if {row.cond} %}}{html}{{% endif %}}"
    return html


def _facts(block: Facts) -> str:
    value_tag = '<td class="amount">' if block.amounts else "<td>"
    lines = ['<table class="facts">']
    for row in block.rows:
        label, value = row.cells[0], row.cells[1].replace("\n", "<br>")
        lines.append(_wrapped(row, f"<tr><th>{label}</th>{value_tag}{value}</td></tr>"))
    lines.append("</table>")
    return "\n".join(lines)


def _signatures(block: Signatures) -> str:
    columns = []
    for column in block.columns:
        parts = [_seal(line) if isinstance(line, Seal) else _SEAL_BOXES.get(line, f"<p>{line}</p>") for line in column]
        columns.append('<div class="party">' + "".join(parts) + "</div>")
    return f'<div class="sign-grid"{_ENDS}>' + "".join(columns) + "</div>"


def _seal(seal: Seal) -> str:
    if seal.ours:
        return _OUR_SEAL_OR + seal.text + "{% endif %}</div>"
    return f'<div class="seal-box">{seal.text}</div>'


def _signature(block: Signature) -> str:
    seal = _OUR_SEAL_OR + block.seal_note + "{% endif %}</div>"
    parts = [seal if line == OUR_SEAL else f"<p>{line}</p>" for line in block.lines]
    return f'<div class="signature"{_ENDS}><div class="block">' + "".join(parts) + "</div></div>"
