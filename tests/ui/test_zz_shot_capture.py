import pytest
from PySide6.QtCore import QSize
from relmanager.store import demo, capture
from tests.ui.test_capture_page import write_mbox, ME
from tests.ui.layout_check import clipping

@pytest.mark.parametrize("size", [QSize(1024, 640), QSize(1366, 768), QSize(1000, 520)], ids=str)
def test_shot(open_window, ctx, clock, qtbot, tmp_path, size):
    demo.generate(400, 5000, clock.now())
    from relmanager.store.models import ContactEmail
    emails = [e.email for e in ContactEmail.select().limit(30)]
    capture.add_me([ME])
    msgs = [(ME, e, "") for e in emails] + [("stranger@elsewhere.org", ME, "")] * 4 + [("x%d@other.org" % i, ME, "") for i in range(5)] * 3
    box = write_mbox(tmp_path / "Sent.mbox", msgs, clock.now())
    window = open_window(ctx)
    window.resize(size)
    window.show_page("capture")
    page = window.page_widget("capture")
    page.sources.path.setText(str(box)); page.sources.add_typed()
    page.sources.path.setText(str(tmp_path / "gone.ics")); page.sources.add_typed()
    page.start_preview()
    qtbot.waitUntil(lambda: page.task is None, timeout=30000)
    qtbot.wait(300)
    window.grab().save(f"/work/wt/_shots/h24c/capture-{size.width()}x{size.height()}.png")
    print(clipping(window))
