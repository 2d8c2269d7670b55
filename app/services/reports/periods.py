"""The reports of SPEC §5 by name, and the periods they cover (the Báo cáo tab and ``boiduong report``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKind:
    code: str  # the command line's NAME
    name: str
    description: str
    needs_period: bool = True  # False: the report is about one trainee


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind("results", "Kết quả đào tạo, bồi dưỡng",
               "Số lớp, lượt học viên (nữ, dân tộc thiểu số, đảng viên), số hoàn thành và số "
               "giấy chứng nhận đã cấp theo chương trình; biểu đồ theo năm và theo chương trình."),
    ReportKind("results-partners", "Kết quả đào tạo theo đơn vị phối hợp",
               "Số lớp, lượt học viên, nữ, dân tộc thiểu số, đảng viên, hoàn thành, giấy chứng nhận "
               "theo từng đơn vị phối hợp mở lớp."),
    ReportKind("plan", "Thực hiện kế hoạch",
               "Kế hoạch năm so với thực hiện theo từng chương trình, có tỷ lệ phần trăm."),
    ReportKind("grades", "Kết quả học tập",
               "Số lượng và tỷ lệ xếp loại Giỏi, Khá, Trung bình, Không đạt theo chương trình."),
    ReportKind("hours", "Giờ giảng",
               "Giờ chuẩn của từng giảng viên chuyên trách và kiêm chức so với định mức."),
    ReportKind("feedback", "Phiếu phản hồi",
               "Mức độ hài lòng của học viên theo nội dung đánh giá, theo giảng viên và theo lớp trong kỳ."),
    ReportKind("instructors", "Giảng viên",
               "Đội ngũ giảng viên, khen thưởng, hội thi giảng viên giỏi và dự giờ trong kỳ."),
    ReportKind("history", "Quá trình bồi dưỡng của học viên",
               "Các lớp một học viên đã học, kết quả và giấy chứng nhận đã được cấp.", needs_period=False),
    ReportKind("registry", "Sổ cấp giấy chứng nhận",
               "Giấy chứng nhận đã cấp trong kỳ: số hiệu, số vào sổ, người nhận, ghi chú."),
)
REPORTS_BY_CODE: dict[str, ReportKind] = {k.code: k for k in REPORT_KINDS}

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
