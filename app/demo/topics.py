"""Data of the demo database: the term's figures, how each program's classes look, positions,
lesson topics, instructors, comments and notes.

Pure data, used by :mod:`app.demo.term`. The topics follow the national programmes
(Ban Tuyên giáo Trung ương) as a district centre would write them in its timetables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Classes per year 2015…2020 and the term's enrolments, per program (SPEC §5). The article gives
# all but QPAN4's class count and NQ, which make up the totals of 185 classes and 14,199.
TERM_PLAN: dict[str, tuple[tuple[int, ...], int]] = {
    "TC": ((1, 0, 1, 0, 1, 0), 219),
    "DVM": ((2, 2, 3, 2, 3, 2), 918),
    "NTVD": ((3, 4, 4, 3, 4, 3), 1409),
    "NVCTD": ((1, 1, 1, 1, 0, 1), 449),
    "TGDV": ((1, 1, 1, 1, 1, 0), 665),
    "CNKT": ((7, 8, 8, 8, 7, 7), 3399),
    "SC": ((1, 1, 0, 1, 1, 0), 239),
    "QPAN4": ((1, 0, 1, 1, 0, 1), 1432),
    "NQ": ((16, 14, 13, 14, 13, 14), 5469),
}
# The current years: classes per year and the range of class sizes (TC: one, in the first year).
CURRENT_PLAN = {"NTVD": (4, 35, 55), "DVM": (3, 30, 45), "NVCTD": (1, 50, 70),
                "TGDV": (1, 40, 60), "CNKT": (8, 35, 60), "NQ": (12, 40, 70), "SC": (1, 40, 55),
                "QPAN4": (1, 60, 90)}
ONCE_ONLY = {"NTVD", "DVM", "SC", "TC"}  # nobody attends these twice
USUAL_MONTHS = (1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9, 9, 10, 10, 11, 11, 12)
SCORES = (4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10)
SCORE_WEIGHTS = (2, 2, 3, 5, 9, 14, 17, 17, 13, 10, 5, 3)  # mostly 6.5–9, ~2 % below 5


@dataclass(frozen=True)
class Profile:
    """How a program's classes look: length, lessons, who comes."""

    days: tuple[int, ...]  # length in working days (one drawn per class)
    lessons: int | None  # lessons per class; None: a morning and an afternoon per day
    female: float
    party: float
    reuse: float  # chance an enrolment is someone already in the data
    age: tuple[int, int]
    commune: float  # share of new people working in a commune (else a district office)
    months: tuple[int, ...] = USUAL_MONTHS


PROFILES = {
    "NTVD": Profile((5,), 10, 0.55, 0.0, 0.0, (18, 30), 0.8),
    "DVM": Profile((6,), 12, 0.52, 1.0, 0.0, (20, 32), 0.8),
    "SC": Profile((24,), 40, 0.42, 0.9, 0.55, (25, 45), 0.75, (3, 4, 5, 8, 9, 10)),
    "TC": Profile((20,), 40, 0.42, 0.95, 0.65, (25, 42), 0.5),
    "NVCTD": Profile((2, 3), None, 0.32, 0.95, 0.55, (28, 55), 0.85),
    "TGDV": Profile((3,), 6, 0.5, 0.6, 0.5, (25, 52), 0.6),
    "CNKT": Profile((1, 2, 2, 3), None, 0.48, 0.6, 0.5, (20, 55), 0.85),
    "NQ": Profile((1, 2, 2), None, 0.46, 0.6, 0.55, (22, 58), 0.75),
    "QPAN4": Profile((4,), 8, 0.22, 0.6, 0.5, (25, 52), 0.8, (4, 5, 6, 8, 9, 10)),
}
FEMALE_BY_PARTNER = {"Hội Liên hiệp Phụ nữ huyện": 0.92, "Hội Cựu chiến binh huyện": 0.08}

# Positions (catalogue names), weighted by repetition.
POSITIONS = {
    ("commune", True): ["Bí thư chi bộ"] * 3 + ["Đảng viên"] * 4 + [
        "Phó Bí thư chi bộ", "Chi ủy viên", "Đảng ủy viên", "Trưởng thôn", "Trưởng thôn",
        "Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Chủ tịch UBMTTQ xã", "Bí thư Đoàn xã",
        "Chủ tịch Hội Nông dân xã", "Công chức Văn phòng - Thống kê",
        "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính - Xây dựng",
        "Công chức Văn hóa - Xã hội", "Công chức Tài chính - Kế toán"],
    ("commune", False): ["Đoàn viên"] * 3 + ["Hội viên"] * 2 + [
        "Trưởng thôn", "Phó trưởng thôn", "Phó trưởng thôn", "Công an viên",
        "Công chức Văn hóa - Xã hội", "Y sĩ"],
    ("school", True): ["Giáo viên"] * 5 + ["Hiệu trưởng"],
    ("school", False): ["Giáo viên"] * 4 + ["Nhân viên"],
    ("office", True): ["Công chức"] * 3 + ["Cán bộ", "Viên chức"],
    ("office", False): ["Viên chức"] * 2 + ["Công chức", "Nhân viên"],
}
POSITIONS_BY_GENDER = {"F": ["Chủ tịch Hội Phụ nữ xã"],
                       "M": ["Trưởng Công an xã", "Chỉ huy trưởng Quân sự xã",
                             "Chủ tịch Hội Cựu chiến binh xã"]}

CENTRE_HALL = "Hội trường Trung tâm Bồi dưỡng chính trị huyện"
COMMUNE_HALL = "Hội trường UBND {commune}"

INSTITUTION = {
    "name": "Trung tâm Bồi dưỡng chính trị huyện Si Ma Cai",
    "parent_body": "Huyện ủy Si Ma Cai",
    "place_name": "Si Ma Cai",
    "director_name": "Lù Văn Thành",
    "deputy_name": "Nguyễn Thị Thu Hà",
    "header_style": "party",
    "address": "Thị trấn Si Ma Cai, huyện Si Ma Cai, tỉnh Lào Cai",
    "phone": "",
}

# Communes merged in early 2020 (2015 name → 2020 name).
MERGER_DAY = dt.date(2020, 2, 1)
COMMUNE_SUCCESSORS = {
    "xã Si Ma Cai": "thị trấn Si Ma Cai",
    "xã Mản Thẩn": "thị trấn Si Ma Cai",
    "xã Lùng Sui": "xã Lùng Thẩn",
    "xã Lử Thẩn": "xã Lùng Thẩn",
    "xã Cán Hồ": "xã Quan Hồ Thẩn",
    "xã Quan Thần Sán": "xã Quan Hồ Thẩn",
}

# The usual partner organisation of each program (None: the centre opens the class itself).
PARTNERS = {
    "TC": ["Trường Chính trị tỉnh Lào Cai"],
    "DVM": ["Ban Tổ chức Huyện ủy"],
    "NTVD": ["Ban Tổ chức Huyện ủy"],
    "NVCTD": ["Ban Tổ chức Huyện ủy"],
    "TGDV": ["Ban Tuyên giáo Huyện ủy", "Ban Dân vận Huyện ủy", "Ủy ban MTTQ Việt Nam huyện"],
    "CNKT": ["Huyện đoàn", "Hội Liên hiệp Phụ nữ huyện", "Hội Nông dân huyện",
             "Hội Cựu chiến binh huyện", "Liên đoàn Lao động huyện", "Hội Chữ thập đỏ huyện",
             "Ủy ban MTTQ Việt Nam huyện"],
    "SC": [None],
    "NQ": ["Ban Tuyên giáo Huyện ủy"],
    "QPAN4": ["Ban Chỉ huy Quân sự huyện"],
}

DISCUSSION = "Thảo luận, hướng dẫn viết bài thu hoạch"

TOPICS: dict[str, list[str]] = {
    "NTVD": [
        "Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh - nền tảng tư tưởng, kim chỉ nam cho hành "
        "động của Đảng",
        "Mục tiêu, lý tưởng của Đảng và con đường đi lên chủ nghĩa xã hội ở Việt Nam",
        "Những vấn đề cơ bản về Đảng Cộng sản Việt Nam",
        "Đường lối của Đảng về phát triển kinh tế, văn hóa, xã hội, quốc phòng, an ninh, đối ngoại",
        "Tiêu chuẩn, điều kiện kết nạp đảng viên; nhiệm vụ, quyền hạn của đảng viên",
        "Phấn đấu, rèn luyện trở thành đảng viên Đảng Cộng sản Việt Nam",
    ],
    "DVM": [
        "Chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh - nền tảng tư tưởng, kim chỉ nam cho hành "
        "động của Đảng",
        "Độc lập dân tộc gắn liền với chủ nghĩa xã hội - mục tiêu, lý tưởng của Đảng",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Quan điểm của Đảng về phát triển kinh tế - xã hội",
        "Đường lối, chính sách của Đảng về quốc phòng, an ninh, đối ngoại",
        "Xây dựng Đảng trong sạch, vững mạnh",
        "Tổ chức và hoạt động của tổ chức cơ sở đảng; sinh hoạt chi bộ",
        "Nhiệm vụ của người đảng viên và vận dụng vào thực hiện nhiệm vụ",
        "Tình hình, nhiệm vụ phát triển kinh tế - xã hội của tỉnh Lào Cai và huyện Si Ma Cai",
    ],
    "SC": [
        "Những nội dung cơ bản của chủ nghĩa Mác - Lênin",
        "Những nội dung cơ bản của tư tưởng Hồ Chí Minh",
        "Những vấn đề cơ bản về Đảng Cộng sản Việt Nam",
        "Tổ chức và hoạt động của hệ thống chính trị ở cơ sở",
        "Chức năng, nhiệm vụ của tổ chức cơ sở đảng",
        "Quản lý nhà nước ở cơ sở",
        "Thực hiện quy chế dân chủ ở cơ sở",
        "Công tác dân vận và công tác Mặt trận, đoàn thể ở cơ sở",
        "Công tác kiểm tra, giám sát và thi hành kỷ luật của Đảng",
        "Nghiệp vụ công tác tuyên giáo ở cơ sở",
        "Phát triển kinh tế nông nghiệp, xây dựng nông thôn mới",
        "Chính sách dân tộc, tôn giáo của Đảng và Nhà nước",
        "Đảm bảo quốc phòng, an ninh ở cơ sở",
        "Kỹ năng lãnh đạo, quản lý ở cơ sở",
        "Tình hình, nhiệm vụ của tỉnh Lào Cai và huyện Si Ma Cai",
    ],
    "TC": [
        "Triết học Mác - Lênin",
        "Kinh tế chính trị Mác - Lênin",
        "Chủ nghĩa xã hội khoa học",
        "Tư tưởng Hồ Chí Minh",
        "Lịch sử Đảng Cộng sản Việt Nam",
        "Xây dựng Đảng",
        "Nhà nước và pháp luật",
        "Quản lý hành chính nhà nước",
        "Đường lối của Đảng về phát triển kinh tế - xã hội",
        "Đường lối quốc phòng, an ninh, đối ngoại",
        "Kỹ năng lãnh đạo, quản lý",
        "Nghiệp vụ công tác dân vận, Mặt trận và đoàn thể",
        "Tình hình, nhiệm vụ của tỉnh Lào Cai",
        "Nghiên cứu thực tế",
    ],
    "NVCTD": [
        "Nghiệp vụ công tác tổ chức, cán bộ và đảng viên",
        "Quy trình kết nạp đảng viên, quản lý hồ sơ đảng viên",
        "Nâng cao chất lượng sinh hoạt chi bộ",
        "Nghiệp vụ công tác kiểm tra, giám sát của chi bộ",
        "Nghiệp vụ công tác văn phòng cấp ủy; thu, nộp và quản lý đảng phí",
        "Đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    ],
    "TGDV": [
        "Nghiệp vụ công tác tuyên giáo ở cơ sở",
        "Công tác dân vận trong tình hình mới",
        "Thực hiện quy chế dân chủ ở cơ sở",
        "Nghiệp vụ công tác Mặt trận Tổ quốc và các đoàn thể",
        "Kỹ năng tuyên truyền miệng của báo cáo viên cơ sở",
        "Nắm bắt, định hướng dư luận xã hội ở cơ sở",
    ],
    "QPAN4": [
        "Quan điểm của Đảng về xây dựng nền quốc phòng toàn dân, an ninh nhân dân",
        "Xây dựng khu vực phòng thủ huyện vững chắc",
        "Xây dựng lực lượng dân quân tự vệ và dự bị động viên",
        "Phòng, chống chiến lược \"diễn biến hòa bình\", bạo loạn lật đổ",
        "Bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia",
        "Công tác đảm bảo an ninh chính trị, trật tự an toàn xã hội ở cơ sở",
        "Phòng, chống tội phạm, ma túy và tệ nạn xã hội",
        "Công tác dân tộc, tôn giáo trong bảo đảm quốc phòng, an ninh",
    ],
}

# Programs whose last lesson is a discussion before the essay (bài thu hoạch) or exam.
CLOSING_DISCUSSION = ("NTVD", "DVM", "SC", "TC")

# Refresher classes (CNKT) by partner organisation.
CNKT_TOPICS: dict[str, list[str]] = {
    "Huyện đoàn": [
        "Nghiệp vụ công tác Đoàn và phong trào thanh thiếu nhi",
        "Kỹ năng tổ chức sinh hoạt chi đoàn",
        "Thanh niên tình nguyện, khởi nghiệp, lập thân, lập nghiệp",
    ],
    "Hội Liên hiệp Phụ nữ huyện": [
        "Luật Bình đẳng giới và phòng, chống bạo lực gia đình",
        "Phòng, chống tảo hôn và hôn nhân cận huyết thống",
        "Kỹ năng vận động hội viên phụ nữ",
    ],
    "Hội Nông dân huyện": [
        "Chính sách hỗ trợ phát triển nông nghiệp, xây dựng nông thôn mới",
        "Nghiệp vụ công tác Hội Nông dân cơ sở",
        "Phát triển kinh tế hộ, tổ hợp tác và hợp tác xã",
    ],
    "Hội Cựu chiến binh huyện": [
        "Nghiệp vụ công tác Hội Cựu chiến binh",
        "Phát huy truyền thống \"Bộ đội Cụ Hồ\" trong thời kỳ mới",
        "Tham gia bảo vệ Đảng, chính quyền ở cơ sở",
    ],
    "Liên đoàn Lao động huyện": [
        "Bộ luật Lao động và nghiệp vụ công đoàn cơ sở",
        "Chăm lo đời sống, bảo vệ quyền lợi đoàn viên công đoàn",
        "Phong trào thi đua \"Lao động giỏi, lao động sáng tạo\"",
    ],
    "Hội Chữ thập đỏ huyện": [
        "Nghiệp vụ công tác Chữ thập đỏ",
        "Kỹ năng sơ cấp cứu ban đầu",
        "Vận động hiến máu tình nguyện và nhân đạo, từ thiện",
    ],
    "Ủy ban MTTQ Việt Nam huyện": [
        "Cuộc vận động \"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh\"",
        "Giám sát và phản biện xã hội của Mặt trận Tổ quốc",
        "Nghiệp vụ công tác Ban Công tác Mặt trận ở khu dân cư",
    ],
}

# The resolution (or directive) a study class (NQ) of a year is about.
NQ_SUBJECTS: dict[int, list[str]] = {
    2015: ["Nghị quyết Đại hội Đảng bộ tỉnh Lào Cai lần thứ XV",
           "Nghị quyết Đại hội Đảng bộ huyện Si Ma Cai nhiệm kỳ 2015-2020",
           "Nghị quyết Trung ương 11 khóa XI"],
    2016: ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng",
           "Chỉ thị 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
           "Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng"],
    2017: ["Nghị quyết Trung ương 5 khóa XII", "Nghị quyết Trung ương 6 khóa XII"],
    2018: ["Nghị quyết Trung ương 7 khóa XII", "Nghị quyết Trung ương 8 khóa XII"],
    2019: ["Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên",
           "Kết luận Hội nghị Trung ương 10 khóa XII"],
    2020: ["Nghị quyết Đại hội Đảng bộ huyện Si Ma Cai nhiệm kỳ 2020-2025",
           "Nghị quyết Đại hội Đảng bộ tỉnh Lào Cai lần thứ XVI"],
}
NQ_SUBJECTS.update({
    2025: ["Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và "
           "chuyển đổi số quốc gia",
           "Nghị quyết 66-NQ/TW về đổi mới công tác xây dựng và thi hành pháp luật",
           "Nghị quyết 68-NQ/TW về phát triển kinh tế tư nhân",
           "Nghị quyết Đại hội Đảng bộ tỉnh Lào Cai nhiệm kỳ 2025-2030"],
    2026: ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
           "Nghị quyết Đại hội Đảng bộ tỉnh Lào Cai nhiệm kỳ 2025-2030",
           "Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và "
           "chuyển đổi số quốc gia"],
})
NQ_OTHER_YEARS = [
    "Nghị quyết Đại hội đại biểu toàn quốc của Đảng",
    "Nghị quyết Hội nghị Ban Chấp hành Trung ương Đảng",
    "Chỉ thị 05-CT/TW về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
]
NQ_LESSONS = [
    "{subject}: những nội dung cơ bản",
    "{subject}: những điểm mới và liên hệ thực tiễn địa phương",
    "Chương trình hành động của Huyện ủy thực hiện {subject}",
    "Thảo luận, xây dựng kế hoạch thực hiện ở cơ sở",
]



def lesson_topics(program: str, count: int, partner: str | None = None,
                  subject: str | None = None) -> list[tuple[str, str]]:
    """(topic, lesson kind) of each of ``count`` lessons; a long topic runs over several lessons."""
    if program == "NQ":
        return [(t.format(subject=subject), "discussion" if "Thảo luận" in t else "lecture")
                for t in NQ_LESSONS][:count]
    topics = CNKT_TOPICS[partner] if program == "CNKT" else TOPICS[program]
    closing = program in CLOSING_DISCUSSION
    content = count - 1 if closing else count
    base, extra = divmod(content, len(topics))
    out: list[tuple[str, str]] = []
    for i, topic in enumerate(topics[:content]):
        repeat = base + (1 if i < extra else 0) if content > len(topics) else 1
        out += [(topic if k == 0 else f"{topic} (tiếp)", "lecture") for k in range(repeat)]
    if closing:
        out.append((DISCUSSION, "discussion"))
    return out


# 2 full-time and 14 part-time instructors; ``programs``: what each usually teaches.
_THEORY = ("NTVD", "DVM", "SC", "TC", "NVCTD", "TGDV", "NQ", "CNKT")
INSTRUCTORS: list[dict] = [
    {"full_name": "Giàng Thị Mai", "kind": "full_time", "gender": "F", "birth_year": 1984,
     "position": "Giảng viên chuyên trách", "unit": "Trung tâm Bồi dưỡng chính trị huyện",
     "degree": "DH", "theory_level": "CC", "programs": _THEORY},
    {"full_name": "Hoàng Văn Toàn", "kind": "full_time", "gender": "M", "birth_year": 1979,
     "position": "Giảng viên chuyên trách", "unit": "Trung tâm Bồi dưỡng chính trị huyện",
     "degree": "THS", "theory_level": "CC", "programs": _THEORY},
    {"full_name": "Sùng Seo Páo", "position": "Trưởng Ban Tổ chức Huyện ủy",
     "unit": "Ban Tổ chức Huyện ủy", "birth_year": 1972, "programs": ("NTVD", "DVM", "NVCTD", "SC")},
    {"full_name": "Nguyễn Thị Hương", "position": "Phó Trưởng Ban Tổ chức Huyện ủy",
     "unit": "Ban Tổ chức Huyện ủy", "gender": "F", "birth_year": 1981,
     "programs": ("NTVD", "DVM", "NVCTD")},
    {"full_name": "Vàng Văn Dũng", "position": "Trưởng Ban Tuyên giáo Huyện ủy",
     "unit": "Ban Tuyên giáo Huyện ủy", "birth_year": 1975, "programs": ("NQ", "TGDV", "SC", "TC")},
    {"full_name": "Lê Thị Thanh Huyền", "position": "Phó Trưởng Ban Tuyên giáo Huyện ủy",
     "unit": "Ban Tuyên giáo Huyện ủy", "gender": "F", "birth_year": 1985,
     "programs": ("NQ", "TGDV", "NTVD", "DVM")},
    {"full_name": "Thào Seo Chứ", "position": "Trưởng Ban Dân vận Huyện ủy",
     "unit": "Ban Dân vận Huyện ủy", "birth_year": 1973, "programs": ("TGDV", "SC", "NQ", "CNKT")},
    {"full_name": "Lù Văn Sơn", "position": "Chủ nhiệm Ủy ban Kiểm tra Huyện ủy",
     "unit": "Ủy ban Kiểm tra Huyện ủy", "birth_year": 1970, "programs": ("NVCTD", "DVM", "SC")},
    {"full_name": "Hầu Thị Dung", "position": "Phó Chủ nhiệm Ủy ban Kiểm tra Huyện ủy",
     "unit": "Ủy ban Kiểm tra Huyện ủy", "gender": "F", "birth_year": 1983,
     "programs": ("NVCTD", "NTVD")},
    {"full_name": "Trần Quang Minh", "position": "Chánh Văn phòng Huyện ủy",
     "unit": "Văn phòng Huyện ủy", "birth_year": 1977, "programs": ("NVCTD", "NQ", "DVM")},
    {"full_name": "Mùa Seo Sính", "position": "Chủ tịch Ủy ban MTTQ Việt Nam huyện",
     "unit": "Ủy ban MTTQ Việt Nam huyện", "birth_year": 1971, "programs": ("TGDV", "CNKT", "NQ")},
    {"full_name": "Phạm Thị Lan", "position": "Trưởng phòng Nội vụ", "unit": "Phòng Nội vụ",
     "gender": "F", "birth_year": 1980, "programs": ("SC", "TC", "CNKT")},
    {"full_name": "Ly Văn Hùng", "position": "Trưởng phòng Tư pháp", "unit": "Phòng Tư pháp",
     "birth_year": 1982, "programs": ("SC", "CNKT", "QPAN4", "NQ")},
    {"full_name": "Đỗ Mạnh Cường", "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự huyện",
     "unit": "Ban Chỉ huy Quân sự huyện", "birth_year": 1974, "programs": ("QPAN4",)},
    {"full_name": "Giàng Seo Lềnh", "position": "Phó Trưởng Công an huyện",
     "unit": "Công an huyện", "birth_year": 1978, "programs": ("QPAN4", "CNKT")},
    {"full_name": "Hoàng Thị Thu Hằng", "position": "Trưởng phòng Văn hóa và Thông tin",
     "unit": "Phòng Văn hóa và Thông tin", "gender": "F", "birth_year": 1986,
     "programs": ("CNKT", "TGDV", "NQ")},
]

COMPETITION_TITLE = "Hội thi giảng viên lý luận chính trị giỏi cấp huyện"
# (year, instructor index, prize code) — 1 first prize, 2 second, several third and encouragement.
AWARDS = [
    (2017, 1, "nhat"), (2017, 0, "nhi"), (2017, 4, "ba"), (2017, 7, "kk"), (2017, 11, "kk"),
    (2019, 5, "nhi"), (2019, 3, "ba"), (2019, 8, "ba"), (2019, 12, "kk"), (2019, 15, "kk"),
]

OBSERVERS = "Ban Giám đốc Trung tâm; giảng viên chuyên trách"
OBSERVATION_NOTES = [
    ("G", "Nắm vững nội dung, liên hệ thực tiễn địa phương sinh động; sử dụng trình chiếu hợp lý.",
     "Phân bổ thời gian phần thảo luận còn ít."),
    ("G", "Phương pháp nêu vấn đề tốt, học viên tham gia sôi nổi; tác phong chững chạc.",
     "Chưa sử dụng nhiều ví dụ bằng tiếng dân tộc cho học viên lớn tuổi."),
    ("K", "Bài giảng đủ nội dung, đúng chương trình; giọng nói rõ ràng.",
     "Còn đọc giáo án nhiều, ít tương tác với học viên."),
    ("K", "Chuẩn bị giáo án chu đáo; liên hệ tình hình an ninh biên giới cụ thể.",
     "Slide nhiều chữ; chưa chốt ý sau mỗi phần."),
    ("D", "Nội dung bám sát tài liệu, đảm bảo thời gian.",
     "Phương pháp chủ yếu thuyết trình, chưa phát huy tính tích cực của học viên."),
]

FEEDBACK_COMMENTS = [
    "Giảng viên nhiệt tình, dễ hiểu.",
    "Đề nghị tăng thời gian thảo luận.",
    "Nên có thêm ví dụ thực tế ở địa phương.",
    "Tài liệu nên phát trước cho học viên.",
    "Giảng viên nói hơi nhanh, khó ghi chép.",
    "Nội dung thiết thực, vận dụng được vào công việc.",
    "Đề nghị giảng bằng tiếng Mông một số phần cho học viên lớn tuổi.",
    "Hội trường hơi nóng, cần thêm quạt.",
]

CANCELLED_CLASS_REASON = ("Mưa lũ, sạt lở làm chia cắt đường giao thông; học viên chuyển sang "
                          "học ở lớp sau.")
CANCELLED_CERTIFICATE_REASON = "Cấp nhầm: học viên không hoàn thành khóa học."
LOST_CERTIFICATE_REASON = "Học viên báo mất giấy chứng nhận."
REISSUE_REASON = "Cấp lại do mất"
