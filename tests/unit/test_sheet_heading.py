"""An Excel file's heading breaks the institution's name where the PDF does: between words, the
administrative unit on its own line, and its row is tall enough for every line (seen in
LibreOffice: "…HUYỆN SI MA / CAI" ran over the parent body's line before)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from app.domain.institution import Institution
from app.outputs.printouts import sheet_heading
from app.services.settings import save_institution


def test_the_institution_name_is_broken_like_the_pdf_and_its_row_is_tall_enough(session):
    from app.domain.tables import TableColumn, TableDocument
    from app.exchange.xlsx_writer import table_xlsx

    save_institution(Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                                 place_name="Si Ma Cai", director_name="Lù Văn Thành"))
    heading = sheet_heading(dt.date(2026, 12, 3))
    assert heading.left[1] == "TRUNG TÂM BỒI DƯỠNG CHÍNH TRỊ\nHUYỆN SI MA CAI"
    assert heading.left[0] == "HUYỆN ỦY SI MA CAI"

    columns = [TableColumn("STT", 12), TableColumn("Họ và tên", 60), TableColumn("Ghi chú", 40)]
    document = TableDocument(title="DANH SÁCH", subtitle="", columns=columns, cells=[("1", "Thào A Sử", "")])
    sheet = load_workbook(io.BytesIO(table_xlsx(document, heading))).active
    cell = next(c for row in sheet.iter_rows(max_row=6) for c in row if c.value == heading.left[1])
    assert sheet.row_dimensions[cell.row].height >= 2 * 15  # two lines of 12 pt
