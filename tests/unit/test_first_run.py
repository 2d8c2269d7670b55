"""A new database: the first-run setup's services, and `boiduong --db FILE init`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.domain.errors import ValidationError
from app.domain.institution import Institution
from app.services import certificate_settings, settings
from app.services.certificates import issue_certificates
from app.services.courses import CourseInput, add_course
from app.services.session import open_session
from app.store.models import CertificateCounter
from tests.unit.test_certificates import AFTER, _class


def test_a_new_database_needs_the_setup_until_it_is_done(session):
    assert settings.needs_setup()
    settings.mark_setup_done()
    assert not settings.needs_setup()


def test_a_database_with_a_centre_name_or_a_class_needs_no_setup(session):
    settings.save_institution(Institution(name="Trung tâm Chính trị huyện Si Ma Cai"))
    assert not settings.needs_setup()


def test_a_database_with_a_class_needs_no_setup(session):
    add_course(CourseInput("NQ-2026-01", "NQ", "Học tập Nghị quyết", "02/03/2026", "03/03/2026"))
    assert not settings.needs_setup()


def test_the_years_numbering_starts_where_the_centre_left_off_and_never_goes_back(session):
    assert certificate_settings.next_number(2026) == 1
    certificate_settings.set_next_number(2026, 58)
    assert certificate_settings.next_number(2026) == 58
    assert CertificateCounter.get_by_id(2026).last_number == 57
    course = _class(names=("Thào A Sử",), scores=(8.5,), absences=(0,))  # ended 06/03/2026
    issued = issue_certificates(course.code, today=AFTER)
    assert [number for number, _name in issued] == ["0058/2026"]
    with pytest.raises(ValidationError) as refused:
        certificate_settings.set_next_number(2026, 40)
    assert refused.value.message == ("Năm 2026 đã cấp đến số 0058/2026: số tiếp theo phải từ 59 trở lên "
                                     "(số đã cấp không dùng lại).")
    assert certificate_settings.next_number(2026) == 59
    with pytest.raises(ValidationError):
        certificate_settings.set_next_number(2026, 0)


def test_init_creates_an_empty_database_with_the_centre(tmp_path, capsys):
    db = tmp_path / "mới.sqlite3"
    code = main(["--db", str(db), "init", "--institution", "Trung tâm Chính trị huyện Si Ma Cai",
                 "--parent-body", "Huyện ủy Si Ma Cai", "--place", "Si Ma Cai", "--director", "Giàng Seo Vần",
                 "--style", "state"])
    assert code == 0, capsys.readouterr().err
    assert f"Đã tạo cơ sở dữ liệu mới: {db}" in capsys.readouterr().out
    with open_session(db, create=False) as _session:
        institution = settings.get_institution()
        assert (institution.name, institution.parent_body, institution.place_name, institution.director_name,
                institution.header_style) == ("Trung tâm Chính trị huyện Si Ma Cai", "Huyện ủy Si Ma Cai",
                                              "Si Ma Cai", "Giàng Seo Vần", "state")
        assert not settings.needs_setup()  # the window does not ask again for what was given
    assert main(["--db", str(db), "check"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "courses"]) == 0
    assert capsys.readouterr().out == ""  # no class: an empty database


def test_init_without_a_name_makes_a_database_the_window_sets_up(tmp_path, capsys):
    db = tmp_path / "trống.sqlite3"
    assert main(["--db", str(db), "init"]) == 0
    with open_session(db, create=False):
        assert settings.needs_setup() and settings.get_institution().name == ""


def test_init_refuses_an_existing_database_and_writes_nothing(tmp_path, capsys):
    db = tmp_path / "có.sqlite3"
    assert main(["--db", str(db), "init", "--institution", "Trung tâm A"]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(db), "init", "--institution", "Trung tâm B"]) == 1
    err = capsys.readouterr().err
    assert f"Tệp {db} đã có dữ liệu" in err and "init chỉ tạo cơ sở dữ liệu mới" in err
    assert db.read_bytes() == before


def test_init_refuses_any_non_empty_file(tmp_path, capsys):
    other = tmp_path / "ghi-chu.txt"
    other.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert main(["--db", str(other), "init"]) == 1
    assert other.read_text(encoding="utf-8") == "không phải cơ sở dữ liệu"
    assert f"Tệp {other} là tệp văn bản, không phải cơ sở dữ liệu của chương trình." in capsys.readouterr().err


def test_init_with_a_bad_value_leaves_no_file(tmp_path, capsys):
    db = tmp_path / "sai.sqlite3"
    assert main(["--db", str(db), "init", "--deputy-signs"]) == 1
    assert "Cần nhập tên trung tâm (--institution)." in capsys.readouterr().err
    assert main(["--db", str(db), "init", "--institution", "Trung tâm A", "--deputy-signs"]) == 1  # signs, but who?
    assert "Cần nhập họ tên Phó Giám đốc để Phó Giám đốc ký thay." in capsys.readouterr().err
    assert not db.exists()


def test_init_in_a_folder_that_does_not_exist_creates_nothing(tmp_path, capsys):
    db = tmp_path / "không-có" / "a.sqlite3"
    assert main(["--db", str(db), "init"]) == 1
    assert not db.parent.exists()


def test_init_with_a_blank_name_says_so_before_creating_anything(tmp_path, capsys):
    # Spaces only are no name: refused like a missing one, before the database is created
    # (the file used to be created, then the name refused: exit 1 with a new database left behind).
    db = tmp_path / "trắng.sqlite3"
    assert main(["--db", str(db), "init", "--institution", "   "]) == 1
    assert "Cần nhập tên trung tâm (--institution)." in capsys.readouterr().err
    assert main(["--db", str(db), "init", "--institution", "Trung tâm A", "--deputy", "  ", "--deputy-signs"]) == 1
    assert "Cần nhập họ tên Phó Giám đốc để Phó Giám đốc ký thay." in capsys.readouterr().err
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_init_in_a_folder_it_cannot_write_says_so_and_creates_nothing(tmp_path, capsys, monkeypatch):
    import os

    folder = tmp_path / "chỉ đọc"
    folder.mkdir()
    real_access = os.access
    # The folder is read-only (root writes anywhere, so the permission is what the program asks).
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder else real_access(p, mode, **kw))
    db = folder / "a.sqlite3"
    assert main(["--db", str(db), "init"]) == 1
    err = capsys.readouterr().err
    assert f"Không ghi được vào thư mục {folder}" in err and "không có tệp nào được tạo" in err
    assert "chép tệp dữ liệu" not in err  # not the advice for an existing database
    assert list(folder.iterdir()) == []


def test_init_without_db_creates_the_program_data_folder_on_a_new_computer(tmp_path, capsys):
    # No --db: the program's own data folder, which does not exist yet on a new computer (the
    # window and `demo` make it); init used to refuse "Không có thư mục …".
    from app.paths import default_db_path

    db = default_db_path()
    assert not db.parent.exists()
    assert main(["init", "--deputy-signs"]) == 1  # a refused value: not even the folder is made
    assert "Cần nhập tên trung tâm (--institution)." in capsys.readouterr().err and not db.parent.exists()
    assert main(["init", "--institution", "Trung tâm A"]) == 0, capsys.readouterr().err
    assert f"Đã tạo cơ sở dữ liệu mới: {db} (Trung tâm A)." in capsys.readouterr().out
    with open_session(db, create=False):
        assert settings.get_institution().name == "Trung tâm A"
