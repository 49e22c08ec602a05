"""Word (.docx) referral forms to "label<TAB>value" text.

python-docx is imported lazily: most emails have no attachment and the import is slow.
"""

from __future__ import annotations

import io


def docx_to_text(data: bytes) -> str:
    import docx  # lazy on purpose
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def add_table(table: Table) -> None:
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                text = " ".join(cell.text.split())
                # Merged cells repeat their text in python-docx; keep one copy.
                if not cells or cells[-1] != text:
                    cells.append(text)
            line = "\t".join(cells)
            if line.strip():
                lines.append(line)
            for cell in row.cells:
                for inner in cell.tables:
                    add_table(inner)
        lines.append("")

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            add_table(block)
    return "\n".join(lines).strip() + "\n"
