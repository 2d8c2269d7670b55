"""The centre itself, as the settings describe it (used on every printed page)."""

from __future__ import annotations

from dataclasses import dataclass

HEADER_STYLES = ("party", "state")


@dataclass
class Institution:
    name: str = ""
    parent_body: str = ""
    place_name: str = ""
    director_name: str = ""
    deputy_name: str = ""
    header_style: str = "party"  # party: Hướng dẫn 36-HD/VPTW; state: Nghị định 30/2020/NĐ-CP
    address: str = ""
    phone: str = ""
    deputy_signs: bool = False  # the deputy signs on the director's behalf (K/T GIÁM ĐỐC, KT. GIÁM ĐỐC)
    class_list_photos: bool = False  # the class list prints each trainee's photo (when the class has any)

    def problems(self) -> dict[str, str]:
        """Field → Vietnamese message, for fields that break a rule."""
        found = {}
        if not self.name:
            found["name"] = "Cần nhập tên trung tâm."
        if self.header_style not in HEADER_STYLES:
            found["header_style"] = "Kiểu thể thức phải là văn bản Đảng hoặc văn bản nhà nước."
        if self.deputy_signs and not self.deputy_name:
            found["deputy_name"] = "Cần nhập họ tên Phó Giám đốc để Phó Giám đốc ký thay."
        return found
