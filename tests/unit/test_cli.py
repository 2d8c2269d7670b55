"""The command line: exit codes, one-line errors on stderr, same services as the GUI."""

import sqlite3

from app.cli import main
from app.services.session import open_session
from app.store import db
from app.store.models import Trainee, person_keys
from tests.unit.safety_helpers import corrupt_table_page, file_digest


def _make_db(path, names=("Thào A Sử",)):
    with open_session(path), db.write():
        for name in names:
            Trainee.create(**person_keys(name, None, 1980), birth_year=1980)


def test_check_healthy_exits_0(db_path, capsys):
    _make_db(db_path)
    assert main(["--db", str(db_path), "check"]) == 0
    assert "Cơ sở dữ liệu tốt" in capsys.readouterr().out


def test_check_damaged_exits_1_and_says_what(db_path, capsys):
    _make_db(db_path)
    corrupt_table_page(db_path)
    digest = file_digest(db_path)
    assert main(["--db", str(db_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "có vấn đề" in err and "bị hỏng" in err
    assert file_digest(db_path) == digest


def test_backup_and_restore_round_trip(db_path, tmp_path, capsys):
    _make_db(db_path)
    out = tmp_path / "usb" / "sao-luu.sqlite3"
    assert main(["--db", str(db_path), "backup", str(out)]) == 0
    with open_session(db_path, backup_on_start=False), db.write():
        Trainee.create(**person_keys("Giàng Seo Pao", None, 1981), birth_year=1981)
    assert main(["--db", str(db_path), "restore", str(out)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT full_name FROM trainee").fetchall() == [("Thào A Sử",)]
    conn.close()


def test_restore_is_refused_while_another_copy_has_the_database_open(db_path, tmp_path, capsys):
    _make_db(db_path)
    out = tmp_path / "b.sqlite3"
    main(["--db", str(db_path), "backup", str(out)])
    with open_session(db_path, backup_on_start=False):
        digest = file_digest(db_path)
        assert main(["--db", str(db_path), "restore", str(out)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("boiduong: lỗi: ") and err.count("\n") == 1
        assert "đang được mở" in err
        assert file_digest(db_path) == digest


def test_restore_of_a_missing_file_is_one_line_and_exit_1(db_path, tmp_path, capsys):
    _make_db(db_path)
    assert main(["--db", str(db_path), "restore", str(tmp_path / "none.sqlite3")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lỗi" in err
    # Said as it is: the file is not there (not "damaged"), a folder is not a backup.
    assert "Không tìm thấy tệp sao lưu" in err and "none.sqlite3" in err and "hỏng" not in err
    folder = tmp_path / "Sao lưu"
    folder.mkdir()
    assert main(["--db", str(db_path), "restore", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "là một thư mục" in err and "hỏng" not in err


def test_unknown_command_is_a_usage_error(capsys):
    assert main(["nonsense"]) == 2
    assert capsys.readouterr().err.startswith("boiduong: lỗi: ")


def test_demo_then_check_then_demo_again_is_refused(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo"]) == 0
    assert "lớp" in capsys.readouterr().out
    assert main(["--db", str(path), "check"]) == 0
    digest = file_digest(path)
    assert main(["--db", str(path), "demo"]) == 1
    assert "đã có dữ liệu" in capsys.readouterr().err
    assert file_digest(path) == digest
