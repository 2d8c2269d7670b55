"""Common Vietnamese syllables (data): the words of names, units, positions and roster headings.

Used by ``legacy`` as the dictionary check of a converted word: a reading that turns the text into
these syllables is more likely the right one. Written in lower case, NFC; one list, no order.
"""

_TEXT = """
a á à ả ạ an anh ánh ảnh ân ấn ẩn ấp âu ấu bá bà bác bạc bách bài ban bản bạn bang bảng báo bảo bắc bằng bảy bắp bé
bế bên bến bích biên biển biểu bình bính bồi bội bộ bốn bùi bùn bút by ca cả các cách cai cải cam cảm cán cảnh cao
cáo cấp cầu cây chải chánh châu chế chỉ chí chị chiến chính chín cho chồng chủ chú chúc chung chúng chuyên chứ
chức chương có cò cộng cơ công cổ cống cù cúc cụm cử cư cương cường dân danh dao dạy dê diệp diệu dinh doãn du dục
dũng dung dùng dụng duy duyên dư dương đa đà đài đại đàm đảm đan đạo đào đảng đặng đắc đăng đất đầu đấu đây đề để đệ
đến đệm đình định đinh điểm điệp điền đoàn đoan đỗ đồ độ độc đội đông đồng đổng đơn đức đứng đường gia giá giác giải
giảng giang giàng giao giáo giáp giấy giới hà hạ hải hàm hán hạnh hào hảo hằng hậu hiền hiển hiệp hiếu hiệu hình hòa
hoà hóa hoá hoài hoan hoàn hoàng hoa học hỏi hồ hộ hội hồng hợp hùng huấn huế huệ hùng hưng hương hường hữu huyền
huyện huỳnh hy kế kết khải khang khánh khẩu khê khiêm khoa khoái khối khu khuê khương kiên kiến kiều kim kinh kỳ
kỹ la lã lạc lai lài lâm lan lành lãnh lào lập lâu lê lễ lệ liên liêm liễu linh lĩnh loan lò lộc lợi long lù lũ luân
luận luyện lực lương lượng lưu lý ly mã mai mạnh mẫn mầm mậu mẫu mến mế minh mỹ mỷ mộc môn mông một mười mường
na nam năm năng nga ngân nghĩa nghị nghiệp ngọ ngọc ngô nguyên nguyễn người nhà nhàn nhân nhất nhật nhi nhiên
nhiệm nhung như nhượng ninh nông nữ nùng oanh phạm phan phán pháp phát phần phó phong phòng phú phúc phùng phụ phụng
phương phường phượng qua quách quan quản quang quảng quân quận quế quốc quý quyên quyết quỳnh sa sán sản sáng sao
sâm sen sáu sĩ sinh sính sơn sở số sùng sử sự sức sương sỹ tài tám tạ tâm tân tấn tập tây tế thạch thái thanh thành
thảo thắm thắng thân thẩm thập thất thế thể thị thìn thịnh thiện thiết thiều thôn thống thơ thời thu thủ thư thú
thùy thuỳ thúy thuý thủy thuỷ thuận thuật thương thường thượng tỉnh tiến tiên tiểu tín tình tịnh tính toàn toán
tô tổ tộc tôn tống tổng trà trác trai trại trang tráng trần trí triều triệu trinh trịnh trọng trúc trung trưởng
trương trường tú tuấn tuệ tùng tuyết tuyến tư từ tự tường tượng tỷ uỷ ủy ủy văn vân vàng vấn vĩnh việt viên viện vinh
võ vũ vụ vương vượng vy xã xuân xuyến xướng ý yên yến ấm ốc ở ơn ưng ước
biểu cộng tổng lập thủ trưởng đơn vị ngày tháng năm sinh họ tên đệm giới tính dân tộc số chức vụ ghi chú khối xóm
bản làng tổ hội viên nông dân phụ nữ cựu chiến binh thanh niên mặt trận uỷ ban nhân đảng bộ chi bí thư phó chủ tịch
trưởng công an quân sự kế toán văn phòng thống kê địa chính tư pháp xây dựng môi trường giáo dục y tế điểm kết quả
đề nghị cử đi học lớp bồi dưỡng nhận thức về đảng viên mới lý luận chính trị sơ cấp trung cao hệ tập trung
"""

COMMON = frozenset(_TEXT.split())
