"""`lessonpress preview`: the server on loopback only, serving nothing outside the output, updating after an edit,
showing a mistake next to the last good page, rewriting only changed files, and stopping on Ctrl-C."""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lessonpress.preview import Preview
from lessonpress.preview.rebuild import Settings
from lessonpress.validate import load_project
from tests.conftest import COURSE, FIXTURES, ROOT

LESSON = "every-type"
OTHER = "every-type-two"


def wait_for(check, timeout: float = 30.0, what: str = "the preview to update"):
    """Poll `check` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def unit(folder: Path) -> Path:
    """A project folder with lessons/ holding the course file and two lessons (the every-type fixture twice)."""
    lessons = folder / "lessons"
    lessons.mkdir(parents=True)
    shutil.copy(COURSE, lessons / "course.yaml")
    text = (FIXTURES / "valid" / "every-type.yaml").read_text(encoding="utf-8")
    (lessons / f"{LESSON}.yaml").write_text(text, encoding="utf-8")
    (lessons / f"{OTHER}.yaml").write_text(re.sub(r"(?m)^id: .*$", f"id: {OTHER}", text), encoding="utf-8")
    return folder


@pytest.fixture
def preview(tmp_path):
    root = unit(tmp_path / "unit")
    pv = Preview(Settings(root, (), root / "output", None), port=0)
    pv.start()
    yield pv
    pv.stop()


def get(pv: Preview, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    """(status, content type, body) of GET path, with an optional Host header."""
    conn = http.client.HTTPConnection("127.0.0.1", pv.server.server_address[1], timeout=10)
    conn.request("GET", path, headers={"Host": host} if host else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("Content-Type") or "", body


def page(pv: Preview, stem: str = "worksheet", lesson: str = LESSON) -> str:
    return get(pv, f"/page/{lesson}/{stem}.html")[2].decode("utf-8")


def view(pv: Preview, stem: str = "worksheet", lesson: str = LESSON) -> str:
    return get(pv, f"/view/{lesson}/{stem}")[2].decode("utf-8")


def files_written(pv: Preview):
    return pv.state.files if f"{LESSON}/worksheet.pdf" in pv.state.files and not pv.state.busy else None


def test_binds_to_loopback_only_and_refuses_other_host_names(preview):
    assert preview.server.server_address[0] == "127.0.0.1"
    assert preview.url.startswith("http://127.0.0.1:")
    assert get(preview, "/view/every-type/worksheet")[0] == 200
    port = preview.server.server_address[1]
    assert get(preview, "/view/every-type/worksheet", host=f"localhost:{port}")[0] == 200
    # a web page elsewhere whose name points at 127.0.0.1 (DNS rebinding) gets nothing
    assert get(preview, "/view/every-type/worksheet", host=f"evil.example:{port}")[0] == 403
    assert get(preview, "/page/every-type/worksheet.html", host="evil.example")[0] == 403


def test_shows_each_document_with_a_switch_and_links_to_the_files(preview):
    status, _, body = get(preview, "/")
    assert status == 302 or b"every-type" in body
    shell = view(preview, "answer-key")
    for stem in ("handout", "worksheet", "answer-key", "lesson-plan"):
        assert f'href="/view/{LESSON}/{stem}"' in shell
    assert f'href="/view/{LESSON}/answer-key" aria-current="page"' in shell
    assert f'src="/page/{LESSON}/answer-key.html?v=' in shell
    assert f'value="/view/{OTHER}/answer-key"' in shell  # the other lesson, at the same document
    assert "Answer Key" in page(preview, "answer-key")
    wait_for(lambda: files_written(preview), what="the PDF and Word files")
    shell = view(preview, "worksheet")
    assert f'href="/files/{LESSON}/worksheet.pdf"' in shell and f'href="/files/{LESSON}/worksheet.docx"' in shell
    assert 'href="/files/course-packet.pdf"' in shell
    status, mime, body = get(preview, f"/files/{LESSON}/worksheet.pdf")
    assert status == 200 and mime == "application/pdf" and body.startswith(b"%PDF")
    assert body == (preview.settings.out / LESSON / "worksheet.pdf").read_bytes()


OUTSIDE = [
    "/files/../lessons/course.yaml", "/files/%2e%2e/lessons/course.yaml", "/files/%2E%2E%2Flessons%2Fcourse.yaml",
    "/files//etc/passwd", "/files/" + "%2e%2e/" * 8 + "etc/passwd", "/page/../lessons/every-type.yaml",
    "/page/every-type/../../lessons/every-type.yaml", "/files/every-type/worksheet.pdf/../../../lessons/course.yaml",
    "/lessons/course.yaml", "/preview.py", "/files/every-type/.worksheet.pdf.tmp", "/page/every-type/nothing.html",
    "/files/secret.txt",  # in the output folder, but not a file the build wrote
]


def test_refuses_paths_outside_the_output(preview):
    wait_for(lambda: files_written(preview), what="the PDF and Word files")
    (preview.settings.out / "secret.txt").write_text("not a file the build wrote")
    for path in OUTSIDE:
        status, _, body = get(preview, path)
        assert status == 404, path
        assert b"course" not in body and b"root:" not in body and b"not a file" not in body


def test_a_written_file_replaced_by_a_link_is_not_served(preview, tmp_path):
    """A file the build wrote, swapped for a link to a file outside the output (or inside a linked folder), is
    refused, not followed."""
    wait_for(lambda: files_written(preview), what="the PDF and Word files")
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4 not written by the build")
    pdf = preview.settings.out / LESSON / "worksheet.pdf"
    assert get(preview, f"/files/{LESSON}/worksheet.pdf")[0] == 200
    pdf.unlink()
    try:
        pdf.symlink_to(outside)
    except OSError:  # Windows without the right to make links
        pytest.skip("this system does not let this user make links")
    status, _, body = get(preview, f"/files/{LESSON}/worksheet.pdf")
    assert status == 404 and b"not written" not in body
    folder = preview.settings.out / OTHER
    folder.rename(tmp_path / "moved")
    folder.symlink_to(tmp_path / "moved", target_is_directory=True)
    status, _, body = get(preview, f"/files/{OTHER}/worksheet.pdf")
    assert status == 404 and not body.startswith(b"%PDF")


def test_a_dropped_connection_prints_nothing(tmp_path):
    """A browser that drops its connection mid-request (a reset) leaves no traceback in the teacher's terminal."""
    root = unit(tmp_path / "unit")
    script = ("import sys; from pathlib import Path; from lessonpress.preview import Preview; "
              "from lessonpress.preview.rebuild import Settings; root = Path(sys.argv[1]); "
              "pv = Preview(Settings(root, (), root / 'output', None), port=0); pv.start(); "
              "print(pv.server.server_address[1], flush=True); sys.stdin.read(); pv.stop()")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(root)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    try:
        port = int(proc.stdout.readline())
        for path in ("/", f"/files/{LESSON}/worksheet.pdf", f"/page/{LESSON}/handout.html"):
            for pause in (0, 0.1, 0.3):  # dropped before the answer is read, and as it is written
                sock = socket.create_connection(("127.0.0.1", port))
                sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                time.sleep(pause)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()  # at once, with a reset
        time.sleep(0.5)
        assert get_status(port, "/") in (200, 302)  # still serving
    finally:
        _, err = proc.communicate("", timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "ConnectionResetError" not in err and "Exception" not in err, err


def get_status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    status = conn.getresponse().status
    conn.close()
    return status


def test_an_edit_updates_the_page_and_only_its_lesson(preview):
    before = {k: v[0] for k, v in preview.state.pages.items()}
    lesson = preview.settings.lessons_dir / f"{LESSON}.yaml"
    text = lesson.read_text(encoding="utf-8")
    assert "Argue." in text
    lesson.write_text(text.replace("Argue.", "Argue with <evidence> & care."), encoding="utf-8")
    wait_for(lambda: "Argue with &lt;evidence&gt; &amp; care." in page(preview))
    after = {k: v[0] for k, v in preview.state.pages.items()}
    changed = {k for k in after if after[k] != before[k]}
    assert (LESSON, "worksheet") in changed and not any(lid == OTHER for lid, _ in changed)
    assert f"/page/{LESSON}/worksheet.html?v={after[(LESSON, 'worksheet')]}" in view(preview)


def test_a_mistake_shows_its_located_message_next_to_the_last_good_page(preview):
    lesson = preview.settings.lessons_dir / f"{LESSON}.yaml"
    good = lesson.read_text(encoding="utf-8")
    broken = good.replace("Argue.", "Argue: [unclosed", 1)
    lesson.write_text(broken, encoding="utf-8")
    shell = wait_for(lambda: s if ": error: " in (s := view(preview)) else None, what="the problem")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "[unclosed" in text)
    messages = [msg for msg in re.findall(r"<code>(.*?)</code>", shell) if ": error: " in msg]
    assert 'class="failed"' in shell and "Not updated" in shell
    assert any(re.match(rf"[^:]*every-type\.yaml:{line}:\d+: error: ", msg) for msg in messages), messages
    terminal = [str(d) for d in load_project([], preview.settings.lessons_dir).report.sorted() if d.severity == "error"]
    assert [html.unescape(msg) for msg in messages] == terminal  # the very lines `lessonpress check` prints
    assert 'id="doc"' in shell and "Argue." in page(preview)  # the last good page is still shown
    lesson.write_text(good.replace("Argue.", "Argue again."), encoding="utf-8")
    wait_for(lambda: "Argue again." in page(preview))
    assert ": error: " not in view(preview) and 'class="failed"' not in view(preview)


def test_a_template_edit_rebuilds_every_lesson(preview):
    templates = preview.settings.root / "templates"
    templates.mkdir()
    footer = (ROOT / "lessonpress" / "templates" / "footer.j2").read_text(encoding="utf-8")
    (templates / "footer.j2").write_text(footer.rstrip() + " · Room 12\n", encoding="utf-8")
    # the templates folder did not exist when the watch began
    wait_for(lambda: "Room 12" in page(preview, lesson=LESSON) and "Room 12" in page(preview, lesson=OTHER))


def test_events_tell_the_page_when_to_update(preview):
    port = preview.server.server_address[1]
    stream = urllib.request.urlopen(f"http://127.0.0.1:{port}/events", timeout=20)
    first = stream.readline().decode()
    assert re.fullmatch(r"data: \d+\n", first)
    stream.readline()
    lesson = preview.settings.lessons_dir / f"{LESSON}.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Argue.", "Argue now."), encoding="utf-8")
    line = stream.readline().decode()
    while line.startswith(":") or line == "\n":
        line = stream.readline().decode()
    assert int(line.split()[1]) > int(first.split()[1])
    stream.close()


def test_no_change_rewrites_no_file_and_one_lesson_rewrites_only_its_files(preview):
    wait_for(lambda: files_written(preview), what="the PDF and Word files")
    out = preview.settings.out
    stat = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".")}  # not the build's lock
    assert len(stat) == 2 * 7 + 2
    every, written = preview.rebuilder.files(preview.rebuilder.pages().snapshot)
    assert written == [] and len(every) == len(stat)
    lesson = preview.settings.lessons_dir / f"{LESSON}.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Argue.", "Argue well."), encoding="utf-8")
    wait_for(lambda: "Argue well." in page(preview))
    wait_for(lambda: files_written(preview) and (out / LESSON / "worksheet.pdf").stat().st_mtime_ns
             != stat[out / LESSON / "worksheet.pdf"][0], what="the files of the edited lesson")
    wait_for(lambda: not preview.state.busy, what="the files to be written")
    now = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    rewritten = {p.relative_to(out).as_posix() for p in now if now[p] != stat.get(p)}
    assert {f"{LESSON}/worksheet.pdf", f"{LESSON}/worksheet.docx", f"{LESSON}/answer-key.pdf",
            f"{LESSON}/answer-key.docx", "course-packet.pdf", "teacher-packet.pdf"} <= rewritten
    assert not any(name.startswith(f"{OTHER}/") for name in rewritten), rewritten


def test_a_port_in_use_is_a_plain_message(preview, cli, tmp_path):
    run = cli("preview", "--no-browser", "--port", str(preview.server.server_address[1]), cwd=unit(tmp_path / "b"))
    assert run.code == 1
    assert run.err.strip().startswith("--port: error: port ") and "in use" in run.err and "Traceback" not in run.err


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl-C is sent as SIGINT, which Windows lacks")
def test_ctrl_c_stops_cleanly(tmp_path):
    root = unit(tmp_path / "unit")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "lessonpress", "preview", "--no-browser", "--port", "0"], cwd=root,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        while line and "Previewing at" not in line:
            line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        assert urllib.request.urlopen(url, timeout=10).status == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "preview: stopped" in out and "Traceback" not in err, err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)
    assert not list(root.rglob("*.tmp"))


def test_saving_a_picture_kept_outside_the_lessons_updates_its_handout(tmp_path):
    """A figure's picture may live in a folder of its own (../pictures): the preview watches it too, so saving a
    new picture over it shows the new one (the page carries the picture inside it)."""
    import base64

    from PIL import Image

    from tests.conftest import figure_outside_lessons

    root = unit(tmp_path / "unit")
    picture = figure_outside_lessons(root, root / "lessons" / f"{LESSON}.yaml", shade=200)
    pictures = picture.parent
    pv = Preview(Settings(root, (), root / "output", None), port=0)
    pv.start()
    try:
        def shown() -> bytes | None:
            found = re.search(r'src="data:image/png;base64,([^"]+)"', page(pv, "handout"))
            return base64.b64decode(found.group(1)) if found else None

        first = wait_for(shown, what="the handout with its picture")
        assert pictures.resolve() in pv.watched()
        time.sleep(0.3)  # a new modification time
        Image.new("L", (1200, 600), 20).save(picture)
        wait_for(lambda: (now := shown()) is not None and now != first, what="the new picture on the page")
    finally:
        pv.stop()
