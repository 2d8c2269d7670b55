"""Certificates anyone can check (issue 19): the printed QR code read back from a 300-dpi raster and a
poor photo, every kind of answer with its exit code, the verification sheet, and the secret kept out
of everything the program writes."""

import base64
import binascii
import io
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from app.cli import main
from app.domain import seal as seals
from app.domain.institution import Institution
from app.domain.verification import Verdict
from app.exchange.qr_image import read_qr_texts
from app.outputs.printouts import certificates_pdf, registry_pdf, registry_xlsx
from app.outputs.verification import verify_input
from app.services import certificate_settings
from app.services.certificates import cancel_certificate, issue_certificates, reissue_certificate
from app.services.session import open_session
from app.services.settings import save_institution
from app.services.verification import course_seals
from app.store import migrations
from app.store.models import Setting
from app.store.secret import certificate_secret
from tests.unit.test_certificates import _class

COURSE = "NTVD-2026-01"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "v1.sqlite3"


def _photo() -> bytes:
    """A 3×4 portrait with detail (a dark head on a light ground): what sits beside the code on the paper."""
    image = Image.new("RGB", (300, 400), (225, 230, 240))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 60, 210, 200), fill=(60, 40, 30))
    draw.rectangle((50, 220, 250, 400), fill=(20, 30, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def _setup() -> dict:
    save_institution(Institution(name="Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai", parent_body="Huyện ủy Si Ma Cai",
                                 place_name="Si Ma Cai", director_name="Giàng Seo Vần"))
    _class(COURSE)
    issued = issue_certificates(COURSE)
    assert [name for _n, name in issued] == ["Lù Văn An", "Giàng Thị Mỷ", "Thào A Sử"]
    from app.services.photos import set_photo
    from app.store.models import Trainee

    set_photo(Trainee.get(Trainee.full_name == "Lù Văn An").id, _photo())  # page one carries a photo too
    return course_seals(COURSE)


@pytest.fixture
def issued(db_path):
    """A class of three with certificates 0001–0003 of this year; the database closed again."""
    with open_session(db_path) as _session:
        found = _setup()
        numbers = {name: number for number, name in
                   ((n, s.text.split("|")[3]) for n, s in found.items())}
        pdf = certificates_pdf(COURSE)
        blank = certificates_pdf(COURSE, preprinted=True)
        certificate_settings.save_paper("A5")
        a5 = certificates_pdf(COURSE)
    return {"db": db_path, "seals": found, "numbers": numbers, "pdf": pdf, "blank": blank, "a5": a5}


def _raster(pdf: bytes, tmp_path: Path, name: str, dpi: int = 300) -> Path:
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(src),
                    str(tmp_path / name)], check=True)
    return tmp_path / f"{name}.png"


@pytest.mark.parametrize("layout", ["pdf", "blank", "a5"])
def test_a_printed_certificate_decodes_to_the_exact_fields(issued, tmp_path, layout):
    image = _raster(issued[layout], tmp_path, layout)
    texts = read_qr_texts(image)
    assert len(texts) == 1
    seal = seals.parse_seal(texts[0])
    number = issued["numbers"]["Lù Văn An"]  # the first page: Vietnamese name order
    assert seal.fields == seals.SealFields(centre="TTBDCTHSMC", number=number, full_name="Lù Văn An", birth="1990",
                                           course_code=COURSE, issued_on=seal.fields.issued_on)
    assert texts[0] == issued["seals"][number].text
    assert seal.check == issued["seals"][number].check
    # The check code is printed as text under the code too.
    from tests.pdf_helpers import pages_text

    assert f"Mã kiểm tra: {seals.grouped(seal.check)}" in pages_text(issued[layout])[0]


def _degrade(png: Path, out: Path) -> Path:
    """What a phone or a cheap scanner gives: half the resolution, JPEG quality 60, turned 3°."""
    with Image.open(png) as image:
        small = image.convert("RGB").resize((image.width // 2, image.height // 2), Image.Resampling.BILINEAR)
    small.rotate(3, resample=Image.Resampling.BILINEAR, expand=True, fillcolor="white").save(out, "JPEG", quality=60)
    return out


def test_a_degraded_photo_still_decodes_and_verifies(issued, tmp_path, capsys):
    photo = _degrade(_raster(issued["pdf"], tmp_path, "full"), tmp_path / "anh chụp.jpg")
    assert main(["--db", str(issued["db"]), "verify", str(photo)]) == 0
    out = capsys.readouterr().out
    assert "GIẤY CHỨNG NHẬN THẬT, CÒN HIỆU LỰC" in out and "Lù Văn An" in out


def test_every_field_or_the_check_code_changed_is_reported_as_altered(issued, capsys):
    number = issued["numbers"]["Thào A Sử"]
    genuine = issued["seals"][number].text
    with open_session(issued["db"], create=False):
        assert verify_input(genuine)[0].verdict is Verdict.VALID
        parts = genuine.split("|")
        for index, (name, value) in enumerate([("centre", "TTBDCT"), ("full_name", "Thào A Sú"),
                                               ("birth", "1991"), ("course_code", "NTVD-2026-02"),
                                               ("issued_on", "01/01/2026")]):
            position = list(seals.FIELD_LABELS).index(name) + 1
            forged = "|".join([*parts[:position], value, *parts[position + 1:]])
            answer = verify_input(forged)[0]
            assert answer.verdict is Verdict.ALTERED, name
            assert answer.differing == (name, "check"), name
            assert seals.FIELD_LABELS[name] in answer.text(), index
        other_code = "|".join([*parts[:-1], "ABCDEFGHIJ"])
        answer = verify_input(other_code)[0]
        assert answer.verdict is Verdict.ALTERED and answer.differing == ("check",)
        # The number changed to another real certificate's: the name no longer matches that one.
        moved = genuine.replace(number, issued["numbers"]["Lù Văn An"])
        assert verify_input(moved)[0].differing == ("full_name", "check")
    assert main(["--db", str(issued["db"]), "verify", other_code]) == 1
    assert "BỊ SỬA" in capsys.readouterr().out


def test_cancelled_reissued_unknown_and_typed_codes(issued, capsys):
    db = str(issued["db"])
    an, my = issued["numbers"]["Lù Văn An"], issued["numbers"]["Giàng Thị Mỷ"]
    with open_session(issued["db"], create=False):
        cancel_certificate(an, "In sai tên")
        new = reissue_certificate(my, "Mất giấy")
    assert main(["--db", db, "verify", issued["seals"][an].text]) == 1
    out = capsys.readouterr().out
    assert "ĐÃ BỊ HỦY" in out and "Lý do hủy: In sai tên" in out and "đã bị hủy ngày" in out
    assert main(["--db", db, "verify", issued["seals"][my].text]) == 1
    out = capsys.readouterr().out
    assert "CẤP LẠI" in out and f"thay bằng giấy số {new.number:04d}/{new.year}" in out and "Mất giấy" in out
    su = issued["numbers"]["Thào A Sử"]
    code = issued["seals"][su].check
    assert main(["--db", db, "verify", su, code[:5].lower(), code[5:]]) == 0  # typed from the paper
    assert "Thào A Sử" in capsys.readouterr().out
    assert main(["--db", db, "verify", f"{su} ABCDEFGHIJ"]) == 1
    assert "Thào A Sử" not in capsys.readouterr().out
    assert main(["--db", db, "verify", f"0999/{su[-4:]} {code}"]) == 1
    assert "KHÔNG CÓ GIẤY CHỨNG NHẬN NÀY" in capsys.readouterr().out


def test_unreadable_input_is_exit_2_with_a_reason(issued, tmp_path, capsys):
    db = str(issued["db"])
    assert main(["--db", db, "verify", "xin chào"]) == 2
    assert "0125/2025 ABCDE FGHIJ" in capsys.readouterr().err
    fake = tmp_path / "giả.png"
    fake.write_text("không phải ảnh", encoding="utf-8")
    assert main(["--db", db, "verify", str(fake)]) == 2
    assert "không phải là ảnh" in capsys.readouterr().err
    png = _raster(issued["pdf"], tmp_path, "cut")
    truncated = tmp_path / "cụt.png"
    truncated.write_bytes(png.read_bytes()[: png.stat().st_size // 3])
    assert main(["--db", db, "verify", str(truncated)]) == 2
    assert "bị hỏng hoặc không đầy đủ" in capsys.readouterr().err
    white = tmp_path / "trắng.png"
    Image.new("L", (400, 300), 255).save(white)
    assert main(["--db", db, "verify", str(white)]) == 2
    assert "Không tìm thấy mã QR" in capsys.readouterr().err
    assert main(["--db", db, "verify", str(tmp_path / "không-có.jpg")]) == 2
    assert main(["--db", db, "verify", "GCN9|a|b"]) == 2
    assert "GCN1" in capsys.readouterr().err
    assert main(["verify", "--help"]) == 0
    assert "Mã thoát: 0 = giấy thật, còn hiệu lực; 1 = đã hủy" in capsys.readouterr().out


def test_the_verification_sheet_round_trips_without_a_database(issued, tmp_path, capsys):
    db = str(issued["db"])
    an, su = issued["numbers"]["Lù Văn An"], issued["numbers"]["Thào A Sử"]
    with open_session(issued["db"], create=False):
        cancel_certificate(an, "In sai tên")
    year = su[-4:]
    sheet = tmp_path / "gửi tỉnh" / "đối chiếu.csv"
    assert main(["--db", db, "export", "verification", "--year", year, "--out", str(sheet)]) == 0
    assert sorted(p.name for p in sheet.parent.iterdir()) == ["đối chiếu.csv"]  # written atomically, nothing left
    text = sheet.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == f"GCN-SHEET1,TTBDCTHSMC,{year}"
    assert len(text.splitlines()) == 2 + 3
    for plain in ("Thào", "Lù Văn An", "1990", COURSE, "Sử"):  # nothing of the person in plain
        assert plain not in text
    # A province with the sheet alone: no --db at all.
    assert main(["verify", "--sheet", str(sheet), issued["seals"][su].text]) == 0
    assert "CÒN HIỆU LỰC" in capsys.readouterr().out
    assert main(["verify", "--sheet", str(sheet), issued["seals"][an].text]) == 1
    assert "ĐÃ BỊ HỦY" in capsys.readouterr().out
    forged = issued["seals"][su].text.replace("Thào A Sử", "Thào A Sú")
    assert main(["verify", "--sheet", str(sheet), forged]) == 1
    assert "Họ và tên trên giấy" in capsys.readouterr().out
    photo = _degrade(_raster(issued["pdf"], tmp_path, "sheetphoto"), tmp_path / "p.jpg")
    assert main(["verify", "--sheet", str(sheet), str(photo)]) == 1  # page one: Lù Văn An's, cancelled
    assert "ĐÃ BỊ HỦY" in capsys.readouterr().out
    assert main(["verify", "--sheet", str(sheet), f"{su} {issued['seals'][su].check}"]) == 2
    bad = tmp_path / "khác.csv"
    bad.write_text("a,b,c\n", encoding="utf-8")
    assert main(["verify", "--sheet", str(bad), issued["seals"][su].text]) == 2
    assert "không phải bảng đối chiếu" in capsys.readouterr().err
    assert main(["--db", db, "export", "verification", "--year", year, "--out", str(tmp_path / "x.xlsx")]) == 2


def _secret_forms(secret: bytes) -> list[bytes]:
    hexed = binascii.hexlify(secret)
    return [secret, hexed, hexed.upper(), base64.b64encode(secret), base64.b32encode(secret),
            hexed.decode().encode("utf-16-le")]


def _streams(data: bytes) -> list[bytes]:
    """The file, and what it holds once unpacked: PDF content streams, the parts of an .xlsx."""
    found = [data]
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            found.append(page.get_contents().get_data() if page.get_contents() else b"")
        found.append(str(reader.metadata).encode())
    elif data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found.extend(archive.read(name) for name in archive.namelist())
    return found


def test_the_secret_is_made_once_and_appears_in_no_output(issued, tmp_path, capsys):
    db = str(issued["db"])
    with open_session(issued["db"], create=False):
        secret = certificate_secret()
        outputs = {"full": issued["pdf"], "blank": issued["blank"], "a5": issued["a5"]}
        import datetime as dt

        outputs["registry.pdf"] = registry_pdf(dt.date(2000, 1, 1), dt.date(2100, 1, 1), dt.date.today())
        outputs["registry.xlsx"] = registry_xlsx(dt.date(2000, 1, 1), dt.date(2100, 1, 1), dt.date.today())
    assert secret is not None and len(secret) == 32
    year = next(iter(issued["numbers"].values()))[-4:]
    files = {"sheet.csv": ["export", "verification", "--year", year],
             "trainees.xlsx": ["export", "trainees"],
             "results.csv": ["report", "results", "--from", "01/01/2000", "--to", "31/12/2100"],
             "registry.csv": ["report", "registry", "--from", "01/01/2000", "--to", "31/12/2100"]}
    for name, command in files.items():
        assert main(["--db", db, *command, "--out", str(tmp_path / name)]) == 0, name
        outputs[name] = (tmp_path / name).read_bytes()
    for command in (["backups"], ["check"], ["verify", issued["seals"][issued["numbers"]["Lù Văn An"]].text],
                    ["trainees"], ["courses"]):
        main(["--db", db, *command])
        captured = capsys.readouterr()
        outputs[" ".join(command[:1])] = (captured.out + captured.err).encode()
    for name, data in outputs.items():
        for stream in _streams(data):
            for form in _secret_forms(secret):
                assert form not in stream, name
    # Reopening keeps it (a new secret would make every certificate printed before look forged).
    with open_session(issued["db"], create=False):
        assert certificate_secret() == secret


def test_an_older_database_gets_its_secret_once_in_step_8(tmp_path):
    old = tmp_path / "old.sqlite3"
    old.write_bytes(FIXTURE.read_bytes())
    with open_session(old, create=False) as session:
        assert session.migrated_from == 1 and 8 in migrations.STEPS
        first = certificate_secret()
    assert first is not None and len(first) == 32
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    conn.execute("PRAGMA user_version = 7")  # as if step 8 ran again
    conn.commit()
    conn.close()
    with open_session(old, create=False):
        assert certificate_secret() == first
        assert Setting.select().where(Setting.key == "certificate.secret").count() == 1


def test_two_databases_have_different_secrets_so_their_codes_differ(tmp_path):
    secrets = []
    for name in ("a", "b"):
        with open_session(tmp_path / name / "db.sqlite3"):
            secrets.append(certificate_secret())
    assert secrets[0] != secrets[1]


def test_renaming_the_centre_after_issuing_keeps_the_code_on_its_certificates(issued, tmp_path, capsys):
    # Administrative names change (2025): the QR codes already printed must still check.
    with open_session(issued["db"], create=False):
        save_institution(Institution(name="Trung tâm Chính trị xã Si Ma Cai", parent_body="Đảng ủy xã Si Ma Cai",
                                     place_name="Si Ma Cai", director_name="Giàng Seo Vần"))
        assert course_seals(COURSE) == issued["seals"]
    su = issued["numbers"]["Thào A Sử"]
    assert main(["--db", str(issued["db"]), "verify", issued["seals"][su].text]) == 0
    sheet = tmp_path / "sheet.csv"
    assert main(["--db", str(issued["db"]), "export", "verification", "--year", su[-4:], "--out", str(sheet)]) == 0
    assert main(["verify", "--sheet", str(sheet), issued["seals"][su].text]) == 0
    assert capsys.readouterr().out.count("CÒN HIỆU LỰC") == 2


def test_the_code_keeps_clear_of_the_photo_and_the_numbers_on_the_full_design():
    from reportlab.lib.units import mm

    from app.printing import certificates as design

    x, top, side = design.SEAL_X, 54 * mm, design.SEAL_SIDE
    px, py, pw, ph = design.PHOTO_BOX
    assert x + side < px or px + pw < x or top < py or py + ph < top - side - 5 * mm  # disjoint from the photo
    assert x > 30 * mm + 45 * mm  # right of "Số vào sổ: 0125/2025" (12 pt, about 42 mm wide from 30 mm)


def test_the_seal_has_a_calibrated_place_on_the_blank_and_a_least_size():
    from app.domain.errors import ValidationError
    from app.printing import blank

    assert blank.check_positions({"seal": ("100", "150", "22")})["seal"] == (100.0, 150.0, 22.0)
    with pytest.raises(ValidationError, match="quá nhỏ để quét"):
        blank.check_positions({"seal": ("100", "150", "12")})
    with pytest.raises(ValidationError, match="ra ngoài trang"):
        blank.check_positions({"seal": ("100", "200", "22")})
