"""The reports of SPEC §5 and the periods they cover (no Qt here).

Kept beside the GUI until the reports feature brings ``app.services.reports``, where this list
and :func:`period_bounds` belong (the command line's ``report`` will need them too).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    code: str
    name: str
    description: str


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("training_results", "Kết quả đào tạo, bồi dưỡng",
               "Số lớp, lượt học viên (nữ, dân tộc thiểu số, đảng viên), số hoàn thành và số "
               "giấy chứng nhận đã cấp, theo chương trình và đơn vị phối hợp."),
    ReportKind("plan_execution", "Thực hiện kế hoạch",
               "Kế hoạch năm so với thực hiện theo từng chương trình, có tỷ lệ phần trăm."),
    ReportKind("study_results", "Kết quả học tập",
               "Số lượng và tỷ lệ xếp loại Giỏi, Khá, Trung bình, Không đạt theo chương trình."),
    ReportKind("teaching_hours", "Giờ giảng",
               "Giờ chuẩn của từng giảng viên chuyên trách và kiêm chức so với định mức."),
    ReportKind("feedback", "Phiếu phản hồi",
               "Mức độ hài lòng của học viên theo giảng viên, lớp, câu hỏi và thời kỳ."),
    ReportKind("instructors", "Giảng viên",
               "Đội ngũ giảng viên, khen thưởng, hội thi giảng viên giỏi và dự giờ trong kỳ."),
    ReportKind("trainee_history", "Quá trình bồi dưỡng của học viên",
               "Các lớp một học viên đã học, kết quả và giấy chứng nhận đã được cấp."),
    ReportKind("certificate_registry", "Sổ cấp giấy chứng nhận",
               "Giấy chứng nhận đã cấp trong kỳ: số hiệu, số vào sổ, người nhận, ghi chú."),
)

TERM_START, TERM_END = 2015, 2020

# (code, Vietnamese label) of the period picker.
PERIOD_KINDS: tuple[tuple[str, str], ...] = (
    ("year", "Năm"),
    ("first_half", "6 tháng đầu năm"),
    ("term", f"Nhiệm kỳ {TERM_START}–{TERM_END}"),
    ("range", "Khoảng thời gian"),
)


def period_bounds(kind: str, year: int, start: dt.date | None = None,
                  end: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a period picked in the Báo cáo tab."""
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "first_half":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if kind == "term":
        return dt.date(TERM_START, 1, 1), dt.date(TERM_END, 12, 31)
    if kind == "range":
        if start is None or end is None:
            raise ValueError("a date range needs both ends")
        return (start, end) if start <= end else (end, start)
    raise ValueError(f"unknown period kind {kind!r}")
