"""Long table printouts on the province archive (issue 15): the certificate registry, the
attendance sheet and the class list of the largest class.

app:  what ``boiduong print`` and the window run: ``outputs.printouts.registry_pdf`` (rows streamed
      from the database, measured and drawn on the canvas by ``app.printing.table_document``) and
      ``outputs.printouts.class_pdf`` for the class's attendance sheet and list.
bare: one SQL for the same fields, then a reportlab canvas drawing the same strings, a cell a
      ``drawString`` in the same embedded font and size, the rules of the grid and the page
      numbers, with rows of the same height (no measuring, no wrapping, no heading or signature).
Both write their page streams without the ASCII85 layer (``rl_config.useA85 = 0``), as the app does.

The peak memory of the 2015–2026 registry is the ``VmHWM`` of a child process that only
opens the archive and writes that PDF (``python -m bench.tables_child``).
"""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench.archive import ROOT, child_env
from bench.common import Result, compare, register_bare_fonts

MAX_MB = 200
REGISTRY_SQL = """
SELECT x.number, x.year, x.serial, t.full_name, t.birth_date, t.birth_year,
       COALESCE(e.unit_at_time, o.name, t.unit_text, ''), c.code, c.start_date, c.end_date, p.scored, b.name,
       x.issued_on, x.status, x.cancel_reason, r.number, r.year, x.reissue_reason
FROM certificate x
JOIN enrollment e ON e.id = x.enrollment_id
JOIN trainee t ON t.id = e.trainee_id
LEFT JOIN organization o ON o.id = t.organization_id
JOIN course c ON c.id = e.course_id
JOIN program p ON p.id = c.program_id
LEFT JOIN result_band b ON b.code = e.result_code AND b.program_id IS NULL
LEFT JOIN certificate r ON r.id = x.reissue_of_id
WHERE x.issued_on BETWEEN ? AND ?
ORDER BY x.year, x.number
"""
CLASS_SQL = """
SELECT t.full_name, t.birth_date, t.birth_year, t.gender, g.name, COALESCE(en.position_at_time, t.position, ''),
       COALESCE(en.unit_at_time, o.name, t.unit_text, ''), t.party_member, COALESCE(en.note, ''), en.id
FROM enrollment en
JOIN course c ON c.id = en.course_id
JOIN trainee t ON t.id = en.trainee_id
LEFT JOIN ethnic_group g ON g.id = t.ethnic_group_id
LEFT JOIN organization o ON o.id = t.organization_id
WHERE c.code = ?
ORDER BY t.sort_key
"""
MARKS_SQL = """
SELECT a.enrollment_id, l.id, a.mark FROM attendance a JOIN lesson l ON l.id = a.lesson_id
JOIN course c ON c.id = l.course_id WHERE c.code = ?
"""
LESSONS_SQL = "SELECT l.id, l.date FROM lesson l JOIN course c ON c.id = l.course_id WHERE c.code = ? ORDER BY l.date"


def _dmy(iso: str | None) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def bare_table(rows, headers: list[str], widths_mm: list[float], *, wide: bool, size: float,
               row_height: float) -> bytes:
    """The rows drawn as a ruled table: a ``drawString`` per cell, header on each page, grid,
    "Trang X/Y" (the total known up front from the row count)."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    rows = list(rows) if not isinstance(rows, list) else rows
    rl_config.useA85 = 0
    try:
        width, height = landscape(A4) if wide else A4
        left, top, bottom = 30 * mm, height - 20 * mm - 6, 20 * mm + 6
        scale = (width - 45 * mm) / (sum(widths_mm) * mm)
        xs = [left]
        for w in widths_mm:
            xs.append(xs[-1] + w * mm * scale)
        per_page = int((top - bottom - 2 * row_height) // row_height)
        pages = max(1, -(-len(rows) // per_page))
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(width, height), initialFontName="BareSerif")
        for page in range(pages):
            chunk = rows[page * per_page:(page + 1) * per_page]
            y = top - row_height
            canvas.setFont("BareSerif-Bold", size)
            for x, text in zip(xs, headers, strict=False):
                canvas.drawString(x + 3, y + 5, text)
            canvas.setFont("BareSerif", size)
            for row in chunk:
                y -= row_height
                for x, text in zip(xs, row, strict=False):
                    if text:
                        canvas.drawString(x + 3, y + 5, text)
            canvas.setLineWidth(0.5)
            canvas.lines([(xs[0], top - k * row_height, xs[-1], top - k * row_height) for k in range(len(chunk) + 2)]
                         + [(x, top, x, y) for x in xs])
            canvas.setFont("BareSerif-Italic", 10)
            canvas.drawCentredString(width / 2, 10 * mm, f"Trang {page + 1}/{pages}")
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()
    finally:
        rl_config.useA85 = 1


def bare_registry(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> bytes:
    def cells():
        for i, (number, year, serial, name, birth_date, birth_year, unit, code, first, last, scored, band, issued,
                status, reason, old_number, old_year, why) in enumerate(
                conn.execute(REGISTRY_SQL, (start.isoformat(), end.isoformat())), start=1):
            text = f"{number:04d}/{year}"
            note = (f"Cấp lại số {old_number:04d}/{old_year} ({why})" if old_number else "") + \
                (f"Đã hủy: {reason}" if status == "cancelled" else "")
            yield (str(i), text, serial if serial and serial != text else "", name,
                   _dmy(birth_date) or str(birth_year or ""), unit, code, f"{_dmy(first)}–{_dmy(last)}",
                   band if scored and band else "", _dmy(issued), "", note)
    headers = ["STT", "Số vào sổ", "Số hiệu", "Họ và tên", "Ngày sinh", "Đơn vị", "Mã lớp", "Thời gian học",
               "Xếp loại", "Ngày cấp", "Người nhận ký", "Ghi chú"]
    return bare_table(cells(), headers, [9, 17, 17, 32, 19, 34, 25, 27, 12, 19, 28, 13], wide=True, size=9,
                      row_height=15.8)


def bare_class_list(conn: sqlite3.Connection, code: str) -> bytes:
    rows = [(str(i), name, _dmy(bd) or str(by or ""), {"M": "Nam", "F": "Nữ"}.get(g or "", ""), eth or "",
             " – ".join(p for p in (pos, unit) if p), "x" if party else "", note)
            for i, (name, bd, by, g, eth, pos, unit, party, note, _id) in
            enumerate(conn.execute(CLASS_SQL, (code,)), start=1)]
    headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ – đơn vị", "Đảng viên", "Ghi chú"]
    return bare_table(rows, headers, [11, 40, 23, 13, 15, 40, 12, 11], wide=False, size=11, row_height=18)


def bare_attendance(conn: sqlite3.Connection, code: str) -> bytes:
    lessons = conn.execute(LESSONS_SQL, (code,)).fetchall()
    marks: dict[tuple[int, int], str] = {(e, lesson): m for e, lesson, m in conn.execute(MARKS_SQL, (code,))}
    rows = []
    for i, (name, bd, by, *_rest, enrolment) in enumerate(conn.execute(CLASS_SQL, (code,)), start=1):
        got = [marks.get((enrolment, lesson_id), "") for lesson_id, _day in lessons]
        rows.append((str(i), name, _dmy(bd) or str(by or ""), *got, str(got.count("x")), str(got.count("P")),
                     str(got.count("K"))))
    headers = ["STT", "Họ và tên", "Ngày sinh", *(f"{d[8:10]}/{d[5:7]}" for _id, d in lessons), "Có mặt", "P", "K"]
    return bare_table(rows, headers, [9, 44, 21, *[14] * len(lessons), 11, 8, 8], wide=True, size=9,
                      row_height=15.8)


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n")


def run(path: Path, code: str) -> list[Result]:
    from app.outputs import printouts

    register_bare_fonts()
    day = dt.date(2026, 12, 31)
    conn = sqlite3.connect(str(path))
    results = []
    try:
        for name, start, end, runs in (("registry 2015-2026", dt.date(2015, 1, 1), dt.date(2026, 12, 31), 3),
                                       ("registry of 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 3)):
            pages = _pages(printouts.registry_pdf(start, end, day))
            app_ms, bare_ms = compare(lambda s=start, e=end: printouts.registry_pdf(s, e, day),
                                      lambda s=start, e=end: bare_registry(conn, s, e), runs=runs, warmup=0)
            count = printouts.registry_document(start, end).cells
            results.append(Result(f"{name} to PDF", app_ms, bare_ms, max_ratio=2,
                                  extra=f"{len(count):,} certificates, {pages:,} pages"))
        for key, label, bare in (("attendance", "attendance sheet", bare_attendance),
                                 ("class-list", "class list", bare_class_list)):
            pages = _pages(printouts.class_pdf(key, code, day))
            app_ms, bare_ms = compare(lambda k=key: printouts.class_pdf(k, code, day),
                                      lambda b=bare: b(conn, code), runs=5)
            results.append(Result(f"{label} of the 1,500-trainee class to PDF", app_ms, bare_ms, max_ratio=2,
                                  extra=f"class {code}, {pages} pages"))
    finally:
        conn.close()
    results.append(peak_memory(path))
    return results


def peak_memory(path: Path) -> Result:
    """The 2015–2026 registry written by a process of its own: its peak resident memory."""
    done = subprocess.run([sys.executable, "-m", "bench.tables_child", str(path)], capture_output=True, text=True,
                          env=child_env(), cwd=ROOT, timeout=600, check=True)
    peak_kb, pages = (int(v) for v in done.stdout.split())
    return MemoryResult("peak memory, registry 2015-2026 to PDF", peak_kb / 1024, extra=f"{pages:,} pages written")


class MemoryResult(Result):
    """``app_ms`` holds megabytes here."""

    def line(self) -> str:
        return f"{self.name}: app {self.app_ms:.0f} MB  (target ≤ {MAX_MB} MB); {self.extra}"

    def failures(self) -> list[str]:
        return [f"{self.name}: {self.app_ms:.0f} MB > {MAX_MB} MB"] if self.app_ms > MAX_MB else []
