"""Data of the province-sized archive (:mod:`app.demo.province`): Lào Cai's district
centres with their communes and ethnic mix, class sizes, the provincial school.

Pure data and one naming rule, like :mod:`app.demo.topics` for the Si Ma Cai demo.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    code: str  # prefix of its class codes
    short: str  # "Bát Xát"
    communes: tuple[str, ...]
    mix: dict[str, float]  # ethnic shares (groups the name pools know)
    city: bool = False


DISTRICTS = (
    District("TPLC", "Lào Cai", ("phường Cốc Lếu", "phường Duyên Hải", "phường Kim Tân",
             "phường Bắc Cường", "phường Bình Minh", "xã Cam Đường", "xã Hợp Thành"),
             {"Kinh": 0.8, "Tày": 0.07, "Dao": 0.04, "Mông": 0.03, "Nùng": 0.03, "Hoa": 0.03},
             city=True),
    District("BX", "Bát Xát", ("xã Bản Qua", "xã Bản Vược", "xã Mường Hum", "xã Y Tý",
             "xã A Mú Sung", "xã Trịnh Tường", "xã Quang Kim", "thị trấn Bát Xát"),
             {"Kinh": 0.25, "Mông": 0.3, "Dao": 0.25, "Tày": 0.1, "Hoa": 0.05, "Phù Lá": 0.05}),
    District("MK", "Mường Khương", ("xã Pha Long", "xã Tả Ngài Chồ", "xã Bản Lầu",
             "xã Lùng Vai", "xã Cao Sơn", "xã Thanh Bình", "xã Nậm Chảy", "thị trấn Mường Khương"),
             {"Mông": 0.4, "Nùng": 0.25, "Kinh": 0.15, "Tày": 0.1, "Phù Lá": 0.05, "Dao": 0.05}),
    District("SMC", "Si Ma Cai", (), {}),  # communes and mix from si_ma_cai.json
    District("BH", "Bắc Hà", ("xã Bảo Nhai", "xã Lùng Phình", "xã Tả Van Chư", "xã Nậm Mòn",
             "xã Cốc Ly", "xã Bản Phố", "thị trấn Bắc Hà"),
             {"Mông": 0.5, "Tày": 0.15, "Kinh": 0.15, "Dao": 0.1, "Nùng": 0.05, "Phù Lá": 0.05}),
    District("BT", "Bảo Thắng", ("thị trấn Phố Lu", "thị trấn Tằng Loỏng", "xã Xuân Quang",
             "xã Sơn Hải", "xã Gia Phú", "xã Phú Nhuận", "xã Sơn Hà"),
             {"Kinh": 0.6, "Tày": 0.15, "Dao": 0.1, "Mông": 0.1, "Nùng": 0.05}),
    District("BY", "Bảo Yên", ("thị trấn Phố Ràng", "xã Nghĩa Đô", "xã Tân Dương", "xã Xuân Hòa",
             "xã Vĩnh Yên", "xã Yên Sơn", "xã Bảo Hà"),
             {"Kinh": 0.3, "Tày": 0.4, "Dao": 0.2, "Mông": 0.1}),
    District("SP", "Sa Pa", ("xã Tả Phìn", "xã Lao Chải", "xã Tả Van", "xã Bản Hồ",
             "xã Thanh Kim", "xã Trung Chải", "phường Sa Pa"),
             {"Mông": 0.5, "Dao": 0.25, "Kinh": 0.2, "Tày": 0.05}),
    District("VB", "Văn Bàn", ("thị trấn Khánh Yên", "xã Võ Lao", "xã Dương Quỳ",
             "xã Minh Lương", "xã Nậm Chày", "xã Dần Thàng", "xã Liêm Phú"),
             {"Tày": 0.4, "Kinh": 0.25, "Dao": 0.2, "Mông": 0.15}),
)
PROVINCIAL_SCHOOL = "Trường Chính trị tỉnh Lào Cai"
# Class sizes before scaling to the archive's total (province-wide classes are big).
SIZE_RANGE = {"TC": (50, 90), "SC": (60, 120), "NTVD": (80, 220), "DVM": (60, 180),
              "NVCTD": (80, 200), "TGDV": (100, 260), "CNKT": (100, 420), "NQ": (150, 620),
              "QPAN4": (500, 1500)}
CERTIFIED = ("gcn", "diploma")
INSTITUTION = {"name": PROVINCIAL_SCHOOL, "parent_body": "Tỉnh ủy Lào Cai",
               "place_name": "Lào Cai", "director_name": "Hoàng Văn Bình",
               "deputy_name": "Nguyễn Thị Minh Thu", "header_style": "party",
               "address": "Phường Bắc Cường, thành phố Lào Cai, tỉnh Lào Cai", "phone": ""}
UNLISTED_UNITS = ("Trường Mầm non", "Trường Tiểu học", "Trạm Y tế")


def local_name(name: str, d: District) -> str:
    """A district body's name from the Si Ma Cai one ("Ban Tổ chức Huyện ủy" → "… Huyện ủy Bát Xát")."""
    level, party, youth = (("thành phố", "Thành ủy", "Thành đoàn") if d.city
                           else ("huyện", "Huyện ủy", "Huyện đoàn"))
    if "huyện Si Ma Cai" in name:
        return name.replace("huyện Si Ma Cai", f"{level} {d.short}")
    if "Si Ma Cai" in name:
        return name.replace("Si Ma Cai", d.short)
    if "Huyện ủy" in name:
        return name.replace("Huyện ủy", f"{party} {d.short}")
    if name.startswith("Huyện đoàn") or name.startswith("Huyện Đoàn"):
        return f"{youth} {d.short}"
    if "huyện" in name:
        return name.replace("huyện", f"{level} {d.short}", 1)
    return f"{name} {level} {d.short}"
