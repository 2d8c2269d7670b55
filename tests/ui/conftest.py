"""GUI test fixtures: QSettings in a temporary folder, and a main window on a database."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from app.domain.institution import Institution
from app.services import settings
from app.store.models import (
    Course,
    Enrollment,
    EthnicGroup,
    Instructor,
    Lesson,
    Organization,
    Program,
    Trainee,
    person_keys,
)


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path):
    """Window geometry and the last tab go to a per-test INI file, never the user's."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


def _demo_available() -> bool:
    try:
        from app.demo import term as demo  # noqa: F401
    except (ImportError, SyntaxError):
        return False
    return True


@pytest.fixture
def world(request):
    """An open session on the demo database (or, until the demo builder exists, a small
    hand-built one with the same shape)."""
    if _demo_available():
        return request.getfixturevalue("demo_session")
    session = request.getfixturevalue("session")
    build_small_world()
    return session


def build_small_world() -> None:
    """Two years of classes, trainees with shared clan names, three instructors."""
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai",
                                          parent_body="Huyện ủy Si Ma Cai", place_name="Si Ma Cai"))
    mong = EthnicGroup.get(EthnicGroup.name == "Mông")
    commune = Organization.create(name="xã Nàn Sán", kind="commune", search_key="xa nan san")
    families = ["Giàng", "Sùng", "Thào", "Lù", "Vàng", "Ly", "Hầu", "Mùa"]
    middles = ["Seo", "A", "Thị", "Văn"]
    givens = ["Sử", "Ánh", "Dũng", "Páo", "Chớ", "Mai", "Dình", "Lềnh"]
    trainees = []
    for i in range(96):
        name = f"{families[i % 8]} {middles[(i // 8) % 4]} {givens[(i * 3) % 8]}"
        born = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        trainees.append(Trainee.create(**person_keys(name, born), birth_date=born,
                                       birth_year=born.year, gender="MF"[i % 2],
                                       ethnic_group=mong, organization=commune))
    programs = list(Program.select().order_by(Program.sort_order))
    for year in (2019, 2020):
        for k in range(6):
            start = dt.date(year, 2 + k, 3)
            course = Course.create(code=f"{programs[k].code}-{year}-{k + 1:02d}",
                                   program=programs[k], name=f"Khóa {k + 1} năm {year}",
                                   start_date=start, end_date=start + dt.timedelta(days=4),
                                   venue="Hội trường Trung tâm", status="finished")
            for trainee in trainees[k * 12:(k + 1) * 12 + year % 5]:
                Enrollment.create(course=course, trainee=trainee)
    teachers = [Instructor.create(**person_keys(name), kind=kind, theory_level="CC")
                for name, kind in [("Vàng Văn Tú", "full_time"), ("Lý Thị Mai", "full_time"),
                                   ("Hầu A Chớ", "part_time")]]
    first = Course.select().order_by(Course.id).first()
    for day in range(3):
        Lesson.create(course=first, date=first.start_date + dt.timedelta(days=day),
                      topic="Chuyên đề", instructor=teachers[day % 3])
