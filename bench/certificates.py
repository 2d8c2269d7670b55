"""500 certificates to PDF (the full design, A4 landscape), from a QPAN4 class of the archive.

app:  ``outputs.printouts.certificates_pdf(code, numbers=…)``: the class's certificate rows, the 500
      selected ones, drawn by ``app.printing.certificates``: what the class window's print runs.
bare: one SQL for the same fields, then a reportlab canvas drawing the same strings with the same
      TrueType fonts with ``drawString`` (no paragraphs, no frames), and the QR code every
      certificate carries (issue 19): a payload of the same form encoded by segno and its dark runs
      drawn as one path, the plain way.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from bench.common import Result, compare, register_bare_fonts

COUNT = 500
_SQL = """
SELECT x.number, x.year, x.serial, x.issued_on, t.full_name, t.birth_date, t.birth_year,
       COALESCE(e.unit_at_time, o.name, t.unit_text, ''), c.name, c.start_date, c.end_date,
       COALESCE(c.venue, ''), p.scored, b.name
FROM certificate x
JOIN enrollment e ON e.id = x.enrollment_id
JOIN trainee t ON t.id = e.trainee_id
LEFT JOIN organization o ON o.id = t.organization_id
JOIN course c ON c.id = e.course_id
JOIN program p ON p.id = c.program_id
LEFT JOIN result_band b ON b.code = e.result_code AND b.program_id IS NULL
WHERE c.code = ? AND x.status = 'issued'
ORDER BY t.sort_key
"""


def _dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _bare_qr(canvas, text: str, x: float, top: float, side: float) -> None:
    import segno

    matrix = segno.make_qr(text, error="m", boost_error=False, encoding="utf-8").matrix
    unit = side / (len(matrix) + 4)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + (start + 2) * unit, top - (r + 3) * unit, (c - start) * unit, unit)
            c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.drawCentredString(x + side / 2, top - side - 10, "Mã kiểm tra: ABCDE FGHIJ")


def bare_pdf(conn: sqlite3.Connection, code: str, numbers: set[str], inst: dict[str, str], centre: str) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName="BareSerif")
    rows = conn.execute(_SQL, (code,)).fetchall()
    for (number, year, serial, issued, name, birth_date, birth_year, unit, course, start, end, venue,
         scored, result) in rows:
        number_text = f"{number:04d}/{year}"
        if number_text not in numbers:
            continue
        birth = _dmy(birth_date) if birth_date else str(birth_year or "")
        canvas.setStrokeColorRGB(0.75, 0.05, 0.05)
        canvas.setLineWidth(2.5)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.8)
        canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
        canvas.setStrokeColorRGB(0, 0, 0)
        left, right, top = 75 * mm, width - 85 * mm, height - 25 * mm
        for text, x, y, font, size in (
                (inst["parent_body"].upper(), left, top, "BareSerif", 13),
                (inst["name"].upper(), left, top - 6 * mm, "BareSerif-Bold", 12),
                ("*", left, top - 11 * mm, "BareSerif", 12),
                ("ĐẢNG CỘNG SẢN VIỆT NAM", right, top, "BareSerif-Bold", 15)):
            canvas.setFont(font, size)
            canvas.drawCentredString(x, y, text)
        canvas.line(right - 100, top - 2.5, right + 100, top - 2.5)
        canvas.setFillColorRGB(0.75, 0.05, 0.05)
        canvas.setFont("BareSerif-Bold", 30)
        canvas.drawCentredString(width / 2, height - 62 * mm, "GIẤY CHỨNG NHẬN")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("BareSerif-Bold", 14)
        canvas.drawCentredString(width / 2, height - 74 * mm, f"GIÁM ĐỐC {inst['name'].upper()}")
        canvas.drawCentredString(width / 2, height - 82 * mm, "CHỨNG NHẬN:")
        period = f"Từ ngày {_dmy(start)} đến ngày {_dmy(end)}" + (f", tại {venue}" if venue else "")
        lines = [("Đồng chí: ", name), (f"Sinh ngày: {birth}", ""), (f"Đơn vị: {unit}", ""),
                 ("Đã hoàn thành lớp: ", course), (period, "")]
        if scored and result:
            lines.append(("Xếp loại: ", result))
        y = height - 100 * mm
        for plain, bold in lines:
            canvas.setFont("BareSerif", 15)
            canvas.drawString(45 * mm, y, plain)
            if bold:
                canvas.setFont("BareSerif-Bold", 15)
                canvas.drawString(45 * mm + canvas.stringWidth(plain, "BareSerif", 15), y, bold)
            y -= 22
        canvas.setFont("BareSerif", 12)
        canvas.drawString(30 * mm, 32 * mm, f"Số: {serial or number_text}")
        canvas.drawString(30 * mm, 26 * mm, f"Số vào sổ: {number_text}")
        canvas.setFont("BareSerif-Italic", 13)
        canvas.drawCentredString(width - 75 * mm, 64 * mm,
                                 f"{inst['place_name']}, ngày {issued[8:10]} tháng {issued[5:7]} năm {issued[:4]}")
        canvas.setFont("BareSerif-Bold", 14)
        canvas.drawCentredString(width - 75 * mm, 57 * mm, "GIÁM ĐỐC")
        canvas.drawCentredString(width - 75 * mm, 22 * mm, inst["director_name"])
        canvas.setFont("BareSerif", 8)
        _bare_qr(canvas, f"GCN1|{centre}|{number_text}|{name}|{birth}|{code}|{_dmy(issued)}|ABCDEFGHIJ",
                 88 * mm, 52 * mm, 24 * mm)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run(path: Path, code: str, runs: int = 5) -> Result:
    from dataclasses import asdict

    from app.outputs import printouts
    from app.services.centre_code import centre_code
    from app.services.documents import certificate_rows
    from app.services.settings import get_institution

    numbers = [row.number for row in certificate_rows(code)[:COUNT]]
    wanted = set(numbers)
    inst = asdict(get_institution())
    centre = centre_code()
    register_bare_fonts()
    conn = sqlite3.connect(str(path))
    try:
        pages_bare = bare_pdf(conn, code, wanted, inst, centre).count(b"/Type /Page\n")
        app_ms, bare_ms = compare(lambda: printouts.certificates_pdf(code, numbers=numbers),
                                  lambda: bare_pdf(conn, code, wanted, inst, centre), runs=runs)
    finally:
        conn.close()
    return Result(f"{len(numbers)} certificates to PDF", app_ms, bare_ms, max_ratio=2,
                  extra=f"class {code}" + ("" if pages_bare in (0, len(numbers)) else
                                           f"; bare drew {pages_bare} pages"))
