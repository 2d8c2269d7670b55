"""Sổ cấp giấy chứng nhận (certificate registry) for a period: landscape, one line per certificate."""

from __future__ import annotations

import datetime as dt

from app.domain.documents import REGISTRY_HEADERS, RegistryRow, registry_cells
from app.domain.formatting import format_date
from app.domain.institution import Institution
from app.printing.template import Column, Signer, data_table, frame_width, header, render, signature, title_block

_WIDTHS = (9, 18, 18, 30, 18, 10, 12, 26, 32, 19, 11, 18, 15, 18)
_ALIGN = ("center", "center", "center", "left", "center", "center", "center", "left", "left", "center", "center",
          "center", "left", "left")
_COLUMNS = [Column(h, w, a) for h, w, a in zip(REGISTRY_HEADERS, _WIDTHS, _ALIGN, strict=True)]


def registry_pdf(institution: Institution, rows: list[RegistryRow], *, start: dt.date, end: dt.date,
                 day: dt.date, signer: Signer) -> bytes:
    width = frame_width(wide=True)
    story = [header(institution, day, width),
             *title_block("SỔ CẤP GIẤY CHỨNG NHẬN", f"Từ ngày {format_date(start)} đến ngày {format_date(end)}"),
             data_table(_COLUMNS, registry_cells(rows), total_width=width, font_size=9),
             signature(signer, width)]
    return render(story, title="Sổ cấp giấy chứng nhận", author=institution.name, wide=True)
