"""Trainee photos: stored as a 354×472, 300 dpi JPEG of at most 100 KB; bad files refused, nothing written."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.errors import ValidationError
from app.exchange import photos as images
from app.services import photos
from app.services.trainees import TraineeInput, add_trainee, delete_trainee, merge_trainees
from app.store.models import AuditEntry, TraineePhoto
from tests.photo_helpers import declared_png, noisy_jpeg, rotated_jpeg, small_png, truncated_jpeg


def _trainee(name: str = "Thào A Sử", birth: str = "12/04/1985"):
    return add_trainee(TraineeInput(name, birth, "Nam", unit="UBND xã Sán Chải"), confirmed=True)


def _opened(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def test_a_camera_photo_is_stored_at_3x4_cm_300_dpi_within_100_kb(session, tmp_path):
    trainee = _trainee()
    big = noisy_jpeg()
    assert len(big) > 1_000_000
    path = tmp_path / "anh the.jpg"
    path.write_bytes(big)
    size = photos.set_photo(trainee.id, path)
    stored = photos.photo_of(trainee.id)
    assert stored is not None and len(stored) == size <= 100 * 1024
    image = _opened(stored)
    assert (image.format, image.size, image.mode) == ("JPEG", (354, 472), "RGB")
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    entry = AuditEntry.get(AuditEntry.action == "photo")
    assert entry.entity_id == trainee.id and "Thào A Sử" in entry.summary


def test_quality_is_lowered_until_the_jpeg_fits():
    noise = Image.frombytes("RGB", (354, 472), bytes(range(256)) * (354 * 472 * 3 // 256) + bytes(354 * 472 * 3 % 256))
    first = io.BytesIO()
    noise.save(first, "JPEG", quality=images.QUALITIES[0])
    limit = first.tell() // 2
    jpeg = images.encode_jpeg(noise, limit=limit)
    assert len(jpeg) <= limit
    with pytest.raises(ValidationError, match="100 KB"):
        images.encode_jpeg(noise, limit=1000)


def test_exif_orientation_is_applied_and_the_photo_cut_to_3x4(session):
    trainee = _trainee()
    photos.set_photo(trainee.id, rotated_jpeg())
    image = _opened(photos.photo_of(trainee.id))
    assert image.size == (354, 472)
    top, bottom = image.getpixel((177, 20)), image.getpixel((177, 450))
    assert top[0] > 200 and top[2] < 60, top  # red on top: turned upright
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_a_new_photo_replaces_the_old_one_and_remove_takes_it_off(session):
    trainee = _trainee()
    photos.set_photo(trainee.id, small_png((200, 0, 0)))
    photos.set_photo(trainee.id, small_png((0, 0, 200)))
    assert TraineePhoto.select().count() == 1
    assert _opened(photos.photo_of(trainee.id)).getpixel((100, 100))[2] > 150
    photos.remove_photo(trainee.id)
    assert photos.photo_of(trainee.id) is None
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == ["photo", "photo", "photo-remove"]
    with pytest.raises(ValidationError, match="chưa có ảnh"):
        photos.remove_photo(trainee.id)


BAD_FILES = {
    "not an image": (lambda: "Họ và tên,Ngày sinh\nThào A Sử,1985\n".encode(), "không phải là ảnh"),
    "50,000 x 50,000 declared": (declared_png, "quá lớn"),
    "10,000 x 10,000 declared": (lambda: declared_png(10_000, 10_000), "quá lớn"),
    "truncated": (truncated_jpeg, "hỏng hoặc không trọn vẹn"),
    "zero bytes": (lambda: b"", "rỗng"),
    "a PDF": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "không phải là ảnh"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_image_is_refused_with_the_reason_and_nothing_is_written(session, tmp_path, kind):
    trainee = _trainee()
    make, message = BAD_FILES[kind]
    path = tmp_path / "anh.jpg"
    path.write_bytes(make())
    for given in (path, path.read_bytes()):
        with pytest.raises(ValidationError, match=message):
            photos.set_photo(trainee.id, given)
    assert TraineePhoto.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "photo").count() == 0


def test_a_bad_file_leaves_the_photo_already_there(session):
    trainee = _trainee()
    photos.set_photo(trainee.id, small_png())
    before = photos.photo_of(trainee.id)
    with pytest.raises(ValidationError):
        photos.set_photo(trainee.id, truncated_jpeg())
    assert photos.photo_of(trainee.id) == before


def test_a_huge_file_is_refused_before_it_is_read(session, tmp_path):
    trainee = _trainee()
    path = tmp_path / "rat-lon.jpg"
    with path.open("wb") as handle:  # sparse: 21 MB on paper, nothing on the disk
        handle.truncate(images.MAX_FILE_BYTES + 1024 * 1024)
    with pytest.raises(ValidationError, match=r"quá lớn \(21,0 MB; tối đa 20 MB\)"):
        photos.set_photo(trainee.id, path)
    with pytest.raises(ValidationError, match="Không đọc được tệp"):
        photos.set_photo(trainee.id, tmp_path / "khong-co.jpg")
    assert TraineePhoto.select().count() == 0


def test_merging_keeps_the_photo_and_deleting_the_record_deletes_it(session):
    keep, other = _trainee(), _trainee("Thào A Sử", "1985")
    photos.set_photo(other.id, small_png((0, 200, 0)))
    merge_trainees(keep.id, other.id, "một người hai hồ sơ")
    assert photos.photo_of(keep.id) is not None
    assert TraineePhoto.select().count() == 1
    lone = _trainee("Lò Văn Thử", "01/02/1991")
    photos.set_photo(lone.id, small_png())
    delete_trainee(lone.id, "nhập nhầm")
    assert TraineePhoto.select().count() == 1 and photos.photo_of(lone.id) is None
    assert photos.photos_of([keep.id, lone.id]).keys() == {keep.id}
    assert photos.any_photo([lone.id]) is False and photos.any_photo([lone.id, keep.id]) is True
