"""Reports of the Báo cáo tab as plain rows for any period (SPEC §5).

A class belongs to a period by its start date; cancelled classes are left out. Each report
states its rules in its notes, printed under the table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from app.domain.dates import format_date
from app.domain.formatting import format_int
from app.domain.tables import TableColumn as C
from app.domain.tables import TableDocument
from app.store.models import Certificate, Course, Enrollment, EthnicGroup, Program, Trainee

KINH_CODE = "01"


@dataclass(frozen=True)
class ResultsRow:
    program_code: str
    program_name: str
    classes: int
    enrolments: int
    women: int
    ethnic_minority: int
    party_members: int
    completed: int
    certificates: int


RESULTS_CSV_HEADER = ("program code", "program name", "classes", "enrolments", "women", "ethnic minority",
                      "party members", "completed", "certificates")


def period_text(start: dt.date, end: dt.date) -> str:
    return f"Từ ngày {format_date(start)} đến ngày {format_date(end)}"


def results_by_program(start: dt.date, end: dt.date) -> list[ResultsRow]:
    """Kết quả đào tạo, bồi dưỡng: per program with classes in the period, then a TOTAL row.

    Enrolments are counted per class (a person in two classes counts twice: lượt học viên).
    Party members are those who were members when the class started.
    """
    in_period = (Course.start_date.between(start, end)) & (Course.status != "cancelled")
    women = fn.SUM(Case(None, [(Trainee.gender == "F", 1)], 0))
    minority = fn.SUM(Case(None, [((EthnicGroup.code.is_null(False)) & (EthnicGroup.code != KINH_CODE), 1)], 0))
    party = fn.SUM(Case(None, [(Trainee.party_member & (Trainee.party_joined_on.is_null() |
                                                        (Trainee.party_joined_on <= Course.start_date)), 1)], 0))
    completed = fn.SUM(Case(None, [(Enrollment.completed, 1)], 0))
    certified = (Certificate.select(fn.COUNT(Certificate.id.distinct()))
                 .where(Certificate.enrollment == Enrollment.id, Certificate.status == "issued"))
    people = (Enrollment
              .select(Course.program, fn.COUNT(Enrollment.id), women, minority, party, completed,
                      fn.SUM(fn.MIN(1, certified)))
              .join(Course).switch(Enrollment).join(Trainee).join(EthnicGroup, JOIN.LEFT_OUTER)
              .where(in_period).group_by(Course.program).tuples())
    counts = {row[0]: row[1:] for row in people}
    classes = dict(Course.select(Course.program, fn.COUNT(Course.id)).where(in_period)
                   .group_by(Course.program).tuples())
    rows = []
    for program in Program.select().order_by(Program.sort_order, Program.code):
        if program.id not in classes:
            continue
        n, w, m, p, c, cert = (int(v or 0) for v in counts.get(program.id, (0,) * 6))
        rows.append(ResultsRow(program.code, program.name, classes[program.id], n, w, m, p, c, cert))
    total = ResultsRow("TOTAL", "Tổng cộng", *(sum(getattr(r, f) for r in rows) for f in (
        "classes", "enrolments", "women", "ethnic_minority", "party_members", "completed", "certificates")))
    return [*rows, total]


def results_document(start: dt.date, end: dt.date) -> TableDocument:
    rows = results_by_program(start, end)
    columns = [C("STT", 10, "center"), C("Chương trình", 62), C("Số lớp", 16, "right"),
               C("Lượt học viên", 20, "right"), C("Nữ", 16, "right"), C("Dân tộc thiểu số", 20, "right"),
               C("Đảng viên", 18, "right"), C("Hoàn thành", 20, "right"), C("Được cấp GCN", 20, "right")]
    def cells(r: ResultsRow) -> tuple[str, ...]:
        return (format_int(r.classes), format_int(r.enrolments), format_int(r.women), format_int(r.ethnic_minority),
                format_int(r.party_members), format_int(r.completed), format_int(r.certificates))
    body = [(str(i), f"{r.program_name} ({r.program_code})", *cells(r)) for i, r in enumerate(rows[:-1], start=1)]
    footer = ("", "Tổng cộng", *cells(rows[-1]))
    notes = ["Lớp tính vào kỳ báo cáo theo ngày khai giảng; không tính lớp đã hủy. Lượt học viên: một người học "
             "hai lớp được tính hai lượt. Đảng viên: là đảng viên tại ngày khai giảng lớp. Dân tộc thiểu số: "
             "không phải dân tộc Kinh."]
    return TableDocument("KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG", period_text(start, end), columns, body, footer=footer,
                         notes=notes, wide=True, sheet_name="Kết quả đào tạo")
