"""Opening a 1,500-trainee class (QPAN4-sized) in the class window, its attendance grid painted.

app: ``CourseDetailWindow(course_id)`` with the *Học viên* sub-tab (the attendance grid) current,
     shown offscreen, timed until the grid's viewport has painted. No bare baseline: the target
     is absolute (≤ 300 ms).
"""

from __future__ import annotations

import statistics

from bench.common import Result, timed

MAX_MS = 300


def run(course_code: str, runs: int = 5) -> Result:
    from app.store.models import Course, Enrollment
    from app.ui.course_detail import CourseDetailWindow
    from bench.qt import application, dispose, show_and_wait_paint

    application()
    course_id = Course.get(Course.code == course_code).id
    size = Enrollment.select().where(Enrollment.course == course_id).count()
    state = {"painted": True, "rows": 0}

    def open_class() -> None:
        window = CourseDetailWindow(course_id)
        tab = window.trainees_tab
        window.tabs.setCurrentWidget(tab)
        state["painted"] &= show_and_wait_paint(window, tab.view.viewport())
        state["rows"] = tab.model.rowCount()
        window.close()
        dispose(window)

    open_class()  # warm-up
    times = [timed(open_class) for _ in range(runs)]
    note = "" if state["painted"] else "GRID NOT PAINTED"
    return Result(f"open a {size:,}-trainee class with its attendance grid", statistics.median(times),
                  max_ms=MAX_MS, extra=f"class {course_code}, {state['rows']:,} grid rows", note=note)
