"""Blank feedback forms: one per trainee, numbered 1..N, naming the class, the lesson and its
instructor, with the default template's questions and scale as tick boxes."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from app.cli import main
from app.domain.errors import NotFoundError, ValidationError
from app.domain.institution import Institution
from app.outputs.printouts import class_pdf
from app.printing.feedback_forms import feedback_forms_pdf
from app.services.courses import CourseInput, add_course
from app.services.feedback_forms import feedback_form_sheet, lesson_choices
from app.services.session import open_session
from app.services.settings import save_institution
from app.store import db
from app.store.models import Instructor, Lesson, person_keys
from tests.pdf_helpers import fonts, pages_text
from tests.unit.test_certificates import _class

NAMES = ("Thào A Sử", "Lù Văn An", "Giàng Thị Mỷ", "Sùng Seo Chớ", "Vàng Thị Dình")
TOPIC = "Chuyên đề 2: Xây dựng Đảng về chính trị, tư tưởng, đạo đức"


def _forms(pdf: bytes) -> list[str]:
    """The text of each form (two may share a page): each ends with its thanks line."""
    text = " ".join(" ".join(pages_text(pdf)).split())
    return [form.strip() for form in text.split("Xin cảm ơn đồng chí!")[:-1]]


@pytest.fixture
def lesson(session):
    save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                                 place_name="Si Ma Cai"))
    course = _class(names=NAMES, scores=(8, 8, 8, 8, 8), absences=(0, 0, 0, 0, 0))
    with db.write():
        teacher = Instructor.create(**person_keys("Vàng Seo Lử"), kind="full_time")
        first = Lesson.select().where(Lesson.course == course.id).order_by(Lesson.id).first()
        Lesson.update(topic=TOPIC, instructor=teacher, session="afternoon").where(Lesson.id == first.id).execute()
    return Lesson.get_by_id(first.id)


def test_the_sheet_of_a_lesson_names_it_and_numbers_one_form_per_trainee(lesson):
    sheet = feedback_form_sheet("NTVD-2026-01", lesson.id)
    assert sheet.numbers == (1, 2, 3, 4, 5)
    assert (sheet.lesson_topic, sheet.instructor) == (TOPIC, "Vàng Seo Lử")
    assert sheet.lesson_date == "02/03/2026 (buổi chiều)"
    assert sheet.questions == ("Nội dung bài giảng", "Phương pháp truyền đạt", "Tác phong sư phạm",
                               "Hiệu quả bài giảng")
    assert [label for _, label in sheet.scale] == ["Rất hài lòng", "Hài lòng", "Chưa hài lòng", "Không hài lòng"]
    choices = dict(lesson_choices("NTVD-2026-01"))
    assert len(choices) == 5 and choices[lesson.id] == f"02/03/2026 chiều – {TOPIC} – Vàng Seo Lử"


def test_forms_of_a_lesson_are_numbered_and_name_class_lesson_and_instructor(lesson):
    pdf = class_pdf("feedback-forms", "NTVD-2026-01", dt.date.today(), lesson_id=lesson.id)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3  # two to a page
    forms = _forms(pdf)
    assert [int(re.search(r"Phiếu số: (\d+)", f).group(1)) for f in forms] == [1, 2, 3, 4, 5]
    for form in forms:
        assert "PHIẾU PHẢN HỒI Ý KIẾN HỌC VIÊN" in form and "TRUNG TÂM CHÍNH TRỊ HUYỆN SI MA CAI" in form
        assert "Lớp: Lớp NTVD-2026-01 (mã lớp NTVD-2026-01)" in form
        assert f"Chuyên đề: {TOPIC}" in form
        assert "Ngày học: 02/03/2026 (buổi chiều)" in form and "Giảng viên: Vàng Seo Lử" in form
        for text in ("Rất hài lòng (4)", "Hài lòng (3)", "Chưa hài lòng (2)", "Không hài lòng (1)",
                     "Phương pháp truyền đạt", "Hiệu quả bài giảng", "Ý kiến khác, đề xuất:"):
            assert text in form, text
    assert fonts(pdf) and all(fonts(pdf).values())


def test_forms_about_the_whole_class(lesson):
    forms = _forms(class_pdf("feedback-forms", "NTVD-2026-01", dt.date.today()))
    assert len(forms) == 5
    assert all("Nội dung lấy ý kiến: toàn khóa học" in f and "Giảng viên" not in f for f in forms)


def test_long_templates_print_one_form_to_a_page(lesson):
    sheet = feedback_form_sheet("NTVD-2026-01", lesson.id, count=3)
    longer = dataclasses.replace(sheet, questions=sheet.questions + tuple(f"Câu hỏi thêm {i}" for i in range(4)))
    pdf = feedback_forms_pdf(Institution(name="Trung tâm"), longer)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 3
    assert "Câu hỏi thêm 3" in pages_text(pdf)[2]


def test_a_lesson_of_another_class_or_an_empty_class_is_refused(lesson):
    add_course(CourseInput("NTVD-2026-09", "NTVD", "Lớp trống", "02/03/2026", "06/03/2026"))
    with pytest.raises(NotFoundError, match="không thuộc lớp NTVD-2026-09"):
        feedback_form_sheet("NTVD-2026-09", lesson.id)
    with pytest.raises(ValidationError, match="chưa có học viên"):
        feedback_form_sheet("NTVD-2026-09")


def test_cli_prints_feedback_forms_for_a_lesson(db_path, tmp_path, capsys):
    with open_session(db_path):
        course = _class(names=NAMES, scores=(8, 8, 8, 8, 8), absences=(0, 0, 0, 0, 0))
        with db.write():
            Lesson.update(topic=TOPIC).execute()
        lesson_id = Lesson.select().where(Lesson.course == course.id).first().id
    out = tmp_path / "phieu.pdf"
    base = ["--db", str(db_path), "print", "feedback-forms", "--course", "NTVD-2026-01"]
    assert main([*base, "--lesson", str(lesson_id), "--out", str(out)]) == 0
    forms = _forms(out.read_bytes())
    assert len(forms) == 5 and all(TOPIC in f for f in forms)
    assert "phiếu phản hồi trống" in capsys.readouterr().out
    assert main([*base, "--out", str(tmp_path / "phieu.xlsx")]) == 2
    assert main(["--db", str(db_path), "print", "class-list", "--course", "NTVD-2026-01", "--lesson", "1",
                 "--out", str(tmp_path / "ds.pdf")]) == 2
    assert main([*base, "--lesson", "999", "--out", str(out)]) == 1
