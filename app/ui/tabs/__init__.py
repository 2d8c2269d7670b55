"""The main window's tabs: Lớp học, Học viên, Giảng viên, Báo cáo."""
