"""Trainees' 3×4 photos: put one on the record (a file or pasted image), take it off, and read
them for the certificate and the class list. Kept in their own table: the lists never read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from app.domain.changes import Topic, writes
from app.domain.errors import ValidationError
from app.exchange.photos import prepare_photo, read_photo_file
from app.services import audit, auth
from app.services.trainees import get_trainee
from app.store import db
from app.store.models import TraineePhoto


def photo_of(trainee_id: int) -> bytes | None:
    """The trainee's photo (a JPEG), or None."""
    row = TraineePhoto.select(TraineePhoto.jpeg).where(TraineePhoto.trainee == trainee_id).first()
    return bytes(row.jpeg) if row is not None else None


def photos_of(trainee_ids: Iterable[int]) -> dict[int, bytes]:
    """The photos of those of ``trainee_ids`` who have one, by trainee id."""
    wanted = list(dict.fromkeys(trainee_ids))
    found: dict[int, bytes] = {}
    for start in range(0, len(wanted), 500):  # bound the number of SQL variables
        chunk = wanted[start:start + 500]
        query = TraineePhoto.select(TraineePhoto.trainee, TraineePhoto.jpeg).where(TraineePhoto.trainee.in_(chunk))
        found.update((trainee_id, bytes(jpeg)) for trainee_id, jpeg in query.tuples())
    return found


def any_photo(trainee_ids: Iterable[int]) -> bool:
    """Whether any of ``trainee_ids`` has a photo (without reading the images)."""
    wanted = list(dict.fromkeys(trainee_ids))
    return any(TraineePhoto.select(TraineePhoto.id).where(TraineePhoto.trainee.in_(wanted[i:i + 500])).exists()
               for i in range(0, len(wanted), 500))


@writes(Topic.TRAINEES, Topic.AUDIT)
def set_photo(trainee_id: int, image: bytes | Path | str) -> int:
    """Put the photo ``image`` (an image file's bytes, or its path) on the trainee's record, in
    place of any earlier one; returns the stored JPEG's size in bytes. A file that is not a
    readable image of a sensible size is refused with the reason and nothing is written."""
    trainee = get_trainee(trainee_id)
    data = read_photo_file(image) if isinstance(image, (Path, str)) else bytes(image)
    jpeg = prepare_photo(data)  # before the transaction: decoding a camera photo takes a moment
    now = dt.datetime.now().replace(microsecond=0)
    with db.write():
        replaced = TraineePhoto.select().where(TraineePhoto.trainee == trainee_id).exists()
        TraineePhoto.insert(trainee=trainee_id, jpeg=jpeg, updated_at=now).on_conflict(
            conflict_target=[TraineePhoto.trainee],
            update={TraineePhoto.jpeg: jpeg, TraineePhoto.updated_at: now}).execute()
        audit.record("photo", "trainee", trainee_id,
                     f"{'Thay' if replaced else 'Thêm'} ảnh của học viên {trainee.full_name} "
                     f"({round(len(jpeg) / 1024)} KB)", user=auth.acting_user())
    return len(jpeg)


@writes(Topic.TRAINEES, Topic.AUDIT)
def remove_photo(trainee_id: int) -> None:
    """Take the photo off the trainee's record."""
    trainee = get_trainee(trainee_id)
    with db.write():
        removed = TraineePhoto.delete().where(TraineePhoto.trainee == trainee_id).execute()
        if not removed:
            raise ValidationError(f"Hồ sơ của {trainee.full_name} chưa có ảnh.")
        audit.record("photo-remove", "trainee", trainee_id, f"Gỡ ảnh của học viên {trainee.full_name}",
                     user=auth.acting_user())
