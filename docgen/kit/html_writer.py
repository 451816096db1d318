"""Writing a block Document as an HTML template that extends _base/letter.html."""

from __future__ import annotations

from .blocks import OUR_SEAL, SEAL, Block, Chart, Document, For, Heading, If, Paragraph, Signatures, Table

_SEAL_BOXES = {
    SEAL: '<div class="seal-box"></div>',
    OUR_SEAL: '<div class="seal-box">{% if images.seal %}<img src="{{ images.seal }}" alt="">{% endif %}</div>',
}
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
    _blocks(document.body, out)
    out.append("{% endblock %}")
    return "\n".join(out) + "\n"


def _blocks(blocks: list[Block], out: list[str]) -> None:
    for block in blocks:
        if isinstance(block, If | For):
            _nested(block, out)
        else:
            out.append(_block(block))


def _nested(block: If | For, out: list[str]) -> None:
    keyword, head = ("if", block.cond) if isinstance(block, If) else ("for", block.loop)
    out.append(f"{{% {keyword} {head} %}}")
    _blocks(block.body, out)
    out.append(f"{{% end{keyword} %}}")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h2>{block.text}</h2>"
    if isinstance(block, Paragraph):
        classes = " ".join(c for c, on in (("right", block.right), ("small", block.small)) if on)
        return f'<p class="{classes}">{block.text}</p>' if classes else f"<p>{block.text}</p>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Signatures):
        return _signatures(block)
    assert isinstance(block, Chart)
    return f'<img class="chart" src="{{{{ charts.{block.key} }}}}" alt="{block.caption}">'


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
        html = f'<tr class="total">{cells}</tr>' if row.total else f"<tr>{cells}</tr>"
        if row.loop:
            html = f"{{% for {row.loop} %}}{html}{{% endfor %}}"
        if row.cond:
            html = f"{{% if {row.cond} %}}{html}{{% endif %}}"
        lines.append(html)
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _signatures(block: Signatures) -> str:
    columns = []
    for column in block.columns:
        parts = [_SEAL_BOXES.get(line, f"<p>{line}</p>") for line in column]
        columns.append('<div class="party">' + "".join(parts) + "</div>")
    return '<div class="sign-grid">' + "".join(columns) + "</div>"
