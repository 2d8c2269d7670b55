"""The prepared world of the kill and race tests: one database file and one roster file.

Built once (per test session, or per bench run) and copied for every run, so that each killed
process starts from the same known state:

- class ``KILL-ROSTER`` (NTVD, empty) — a 500-row roster is imported into it;
- class ``KILL-CERT`` (NTVD, finished, 200 trainees with passing results, no certificate yet) —
  one ``issue_certificates`` call gives 200 numbers of ``CERT_YEAR``;
- class ``KILL-FEEDBACK`` (NTVD, finished) — 100 paper forms are typed in, one at a time;
- optionally ``RACE-A*`` / ``RACE-B*`` classes for the two-process certificate race.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROSTER_COURSE = "KILL-ROSTER"
CERT_COURSE = "KILL-CERT"
FEEDBACK_COURSE = "KILL-FEEDBACK"
ROSTER_ROWS = 500
CERT_COUNT = 200
FEEDBACK_FORMS = 100
CERT_YEAR = 2026
ISSUE_DAY = dt.date(CERT_YEAR, 3, 20)  # after every prepared class has ended

FAMILIES = ("Giàng", "Sùng", "Thào", "Lù", "Vàng", "Ly", "Hầu", "Mùa", "Vừ", "Cư")
MIDDLES = ("Seo", "A", "Thị", "Văn", "Chá", "Mí")
GIVENS = ("Sử", "Páo", "Chứ", "Mỷ", "Dình", "Lềnh", "Pó", "Chớ", "Mai", "Dũng", "Sính", "Lử")
COMMUNES = ("xã Nàn Sán", "xã Sín Chéng", "xã Bản Mế", "xã Cán Cấu", "xã Lùng Thẩn")


def person(i: int) -> tuple[str, dt.date, str]:
    """A distinct (name, birth date, gender) for index ``i``: many share a name, never a birth date too."""
    name = f"{FAMILIES[i % 10]} {MIDDLES[(i // 10) % 6]} {GIVENS[(i // 60) % 12]}"
    born = dt.date(1960, 1, 1) + dt.timedelta(days=37 * i)
    return name, born, "MF"[(i // 3) % 2]


def citizen_id(i: int, born: dt.date, gender: str) -> str:
    """A CCCD that agrees with the birth date and gender (province 010, Lào Cai)."""
    digit = (born.year - 1900) // 100 * 2 + (1 if gender == "F" else 0)
    return f"010{digit}{born.year % 100:02d}{700000 + i:06d}"


def build_database(path: Path, *, race_classes: int = 0, race_class_size: int = 20) -> Path:
    """Create the prepared database at ``path`` (which must not exist yet)."""
    from app.services.courses import CourseInput, add_course
    from app.services.session import open_session
    from app.store import db
    from app.store.models import (
        Course,
        Enrollment,
        EthnicGroup,
        Lesson,
        ResultBand,
        Trainee,
        person_keys,
    )

    with open_session(path, backup_on_start=False):
        add_course(CourseInput(ROSTER_COURSE, "NTVD", "Lớp nhập danh sách", "07/12/2026", "11/12/2026"))
        cert = add_course(CourseInput(CERT_COURSE, "NTVD", "Lớp cấp giấy chứng nhận", "02/03/2026", "06/03/2026",
                                      status="finished"))
        add_course(CourseInput(FEEDBACK_COURSE, "NTVD", "Lớp nhập phiếu phản hồi", "02/03/2026", "06/03/2026",
                               status="finished"))
        mong = EthnicGroup.get(EthnicGroup.name == "Mông").id
        passing = ResultBand.get((ResultBand.code == "G") & ResultBand.program.is_null()).code
        classes = [(cert, "C", CERT_COUNT)]
        for k in range(race_classes):
            for side in "AB":
                course = add_course(CourseInput(f"RACE-{side}{k:03d}", "NTVD", f"Lớp đua {side}{k}",
                                                "02/03/2026", "06/03/2026", status="finished"))
                classes.append((course, f"{side}{k:03d}-", race_class_size))
        with db.write():
            Lesson.create(course=Course.get(Course.code == FEEDBACK_COURSE), date=dt.date(2026, 3, 2),
                          topic="Chuyên đề 1")
            offset = 10_000  # clear of the roster's people
            for course, tag, size in classes:
                trainees = []
                for i in range(size):
                    name, born, gender = person(offset + i)
                    trainees.append({**person_keys(f"{name} {tag}{i}", born), "birth_date": born,
                                     "birth_year": born.year, "gender": gender, "ethnic_group": mong})
                offset += size
                first = Trainee.insert_many(trainees).execute()  # last rowid on SQLite
                ids = range(first - size + 1, first + 1)
                Enrollment.insert_many([{"course": course.id, "trainee": t, "score": 8.0, "result_code": passing,
                                         "completed": True} for t in ids]).execute()
        db.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


# --- the roster file -----------------------------------------------------------------------

_HEADER = ("STT", "Họ và tên", "Ngày, tháng, năm sinh", "Giới tính", "Dân tộc", "Số CCCD",
           "Chức vụ, đơn vị công tác", "Đơn vị công tác", "Đảng viên")


def roster_rows(count: int = ROSTER_ROWS) -> list[tuple]:
    rows = []
    for i in range(count):
        name, born, gender = person(i)
        rows.append((i + 1, name, born.strftime("%d/%m/%Y"), "Nữ" if gender == "F" else "Nam", "Mông",
                     citizen_id(i, born, gender) if i % 2 == 0 else "", "Trưởng thôn", COMMUNES[i % 5],
                     "x" if i % 3 == 0 else ""))
    return rows


def write_roster(path: Path, rows: list[tuple] | None = None, *, header: tuple = _HEADER) -> Path:
    """A roster .xlsx written directly as XML (inline strings), the way a spreadsheet program would."""
    rows = roster_rows() if rows is None else rows
    write_sheet_xlsx(path, [("DANH SÁCH HỌC VIÊN",), (), header, *rows])
    return path


def _column(n: int) -> str:
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def row_xml(number: int, values) -> str:
    cells = "".join(cell_xml(f"{_column(col)}{number}", value) for col, value in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def write_package(path: Path, sheet_chunks, *, extra: dict[str, str | bytes] | None = None,
                  compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """An .xlsx package whose sheet1.xml is streamed from ``sheet_chunks`` (str pieces)."""
    with zipfile.ZipFile(path, "w", compression, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk.encode("utf-8"))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def write_sheet_xlsx(path: Path, rows, **kwargs) -> Path:
    """A one-sheet .xlsx of ``rows`` (sequences of cell values), row 1 first."""
    def chunks():
        yield SHEET_HEAD
        for number, values in enumerate(rows, start=1):
            yield row_xml(number, values)
        yield SHEET_TAIL

    return write_package(Path(path), chunks(), **kwargs)
