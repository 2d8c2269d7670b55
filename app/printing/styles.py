"""Paragraph styles of Vietnamese official documents (sizes in points, Times-like serif)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from app.printing.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=SERIF, fontSize=13, leading=16, alignment=TA_JUSTIFY)
    return {
        "body": base,
        "header_left": ParagraphStyle("header_left", base, fontSize=13, leading=16, alignment=TA_CENTER),
        "header_left_bold": ParagraphStyle("header_left_bold", base, fontName=SERIF_BOLD, fontSize=13,
                                           leading=16, alignment=TA_CENTER),
        "header_right": ParagraphStyle("header_right", base, fontName=SERIF_BOLD, fontSize=14, leading=17,
                                       alignment=TA_CENTER),
        # Nghị định 30, Phụ lục I: Quốc hiệu 12-13 pt upper case, Tiêu ngữ 13-14 pt under it.
        "header_state": ParagraphStyle("header_state", base, fontName=SERIF_BOLD, fontSize=12, leading=15,
                                       alignment=TA_CENTER),
        "header_motto": ParagraphStyle("header_motto", base, fontName=SERIF_BOLD, fontSize=13, leading=16,
                                       alignment=TA_CENTER),
        "date_line": ParagraphStyle("date_line", base, fontName=SERIF_ITALIC, fontSize=13, leading=16,
                                    alignment=TA_CENTER),
        "title": ParagraphStyle("title", base, fontName=SERIF_BOLD, fontSize=14, leading=18,
                                alignment=TA_CENTER, spaceBefore=6, spaceAfter=2),
        "summary": ParagraphStyle("summary", base, fontName=SERIF_BOLD, fontSize=14, leading=18,
                                  alignment=TA_CENTER),
        "attachment": ParagraphStyle("attachment", base, fontName=SERIF_ITALIC, fontSize=13, leading=16,
                                     alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=13, leading=16, alignment=TA_CENTER,
                                   spaceAfter=8),
        "cell": ParagraphStyle("cell", base, fontSize=11, leading=13, alignment=TA_LEFT),
        "cell_center": ParagraphStyle("cell_center", base, fontSize=11, leading=13, alignment=TA_CENTER),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=11, leading=13, alignment=TA_RIGHT),
        "cell_head": ParagraphStyle("cell_head", base, fontName=SERIF_BOLD, fontSize=11, leading=13,
                                    alignment=TA_CENTER),
        "sign_title": ParagraphStyle("sign_title", base, fontName=SERIF_BOLD, fontSize=14, leading=17,
                                     alignment=TA_CENTER),
        "sign_name": ParagraphStyle("sign_name", base, fontName=SERIF_BOLD, fontSize=14, leading=17,
                                    alignment=TA_CENTER),
        "recipients_head": ParagraphStyle("recipients_head", base, fontName=SERIF_BOLD, fontSize=12, leading=14,
                                          alignment=TA_LEFT),
        "recipients": ParagraphStyle("recipients", base, fontSize=11, leading=13, alignment=TA_LEFT),
        "group_title": ParagraphStyle("group_title", base, fontName=SERIF_BOLD, fontSize=12, leading=15,
                                      alignment=TA_LEFT, spaceAfter=3),
        "note": ParagraphStyle("note", base, fontName=SERIF_ITALIC, fontSize=11, leading=13,
                               alignment=TA_LEFT),
    }
