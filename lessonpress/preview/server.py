"""The preview's web server: loopback only; it serves the pages it holds and the files the build wrote, looked up
by name (never a path from the request), and tells open pages to reload through server-sent events."""

from __future__ import annotations

import os
import stat
import sys
import threading
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from lessonpress.preview.rebuild import LessonView

HERE = Path(__file__).parent
HOST = "127.0.0.1"
ASSETS = {"/preview.js": ("page.js", "text/javascript; charset=utf-8"),
          "/preview.css": ("page.css", "text/css; charset=utf-8")}
PING = 15.0
"""Seconds between keep-alive comments on an idle event stream."""


@dataclass
class State:
    """What the page shows, replaced whole by the build thread (under `changed`) and read by the handlers."""

    version: int = 0
    title: str = "lessonpress preview"
    lessons: tuple[LessonView, ...] = ()
    problems: tuple[str, ...] = ()
    failed: bool = False
    busy: str = ""
    pages: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)
    """(lesson id, document stem) -> (the version it last changed in, its HTML)."""
    files: dict[str, Path] = field(default_factory=dict)
    """A written file's name relative to the output folder (posix) -> its path."""
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, **values) -> None:
        """Change what the page shows and wake every open event stream."""
        with self.changed:
            for name, value in values.items():
                setattr(self, name, value)
            self.version += 1
            self.changed.notify_all()


@cache
def _page() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("page.j2")


def shell(state: State, lesson: str | None, stem: str | None, suffix: str) -> bytes:
    """The preview page around one document: lessons, the switch between documents, file links, problems."""
    current = next((le for le in state.lessons if le.id == lesson), None)
    page = state.pages.get((lesson, stem)) if lesson and stem else None
    files = [(label, name) for label, name in (("PDF", f"{lesson}/{stem}{suffix}.pdf"),
                                               ("Word", f"{lesson}/{stem}{suffix}.docx")) if name in state.files]
    packets = [(label, name) for label, name in (("Course packet", f"course-packet{suffix}.pdf"),
                                                 ("Teacher packet", f"teacher-packet{suffix}.pdf"))
               if name in state.files]
    return _page().render(state=state, current=current, lesson=lesson, stem=stem, page=page, files=files,
                          packets=packets).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    """GET only: / (the first document), /view/LESSON/DOC, /page/LESSON/DOC.html, /files/NAME, /events."""

    state: State
    suffix: str
    server_version = "lessonpress-preview"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # the terminal shows rebuilds and problems, not every request

    def do_GET(self) -> None:  # noqa: N802 (the base class's name)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in (HOST, "localhost"):  # a page elsewhere pointing a name at 127.0.0.1 (DNS rebinding)
            return self.send(HTTPStatus.FORBIDDEN, b"forbidden\n", "text/plain; charset=utf-8")
        path = unquote(urlsplit(self.path).path)
        parts = path.strip("/").split("/")
        state = self.state
        if path == "/":
            first = next(((le.id, le.documents[0][0]) for le in state.lessons if le.documents), None)
            if first:
                return self.redirect(f"/view/{first[0]}/{first[1]}")
            return self.send(HTTPStatus.OK, shell(state, None, None, self.suffix), "text/html; charset=utf-8")
        if path == "/events":
            return self.events()
        if path in ASSETS:
            name, mime = ASSETS[path]
            return self.send(HTTPStatus.OK, (HERE / name).read_bytes(), mime)
        if parts[0] == "view" and len(parts) == 3:
            return self.send(HTTPStatus.OK, shell(state, parts[1], parts[2], self.suffix), "text/html; charset=utf-8")
        if parts[0] == "page" and len(parts) == 3 and parts[2].endswith(".html"):
            page = state.pages.get((parts[1], parts[2].removesuffix(".html")))
            if page:
                # the document's own page runs no script and loads nothing
                return self.send(HTTPStatus.OK, page[1], "text/html; charset=utf-8",
                                 {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
        if parts[0] == "files":
            found = state.files.get("/".join(parts[1:]))
            data = _read_written(found) if found is not None else None
            if data is not None:
                mime = {".pdf": "application/pdf", ".docx": "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.document"}.get(found.suffix, "application/octet-stream")
                return self.send(HTTPStatus.OK, data, mime, {"Content-Disposition": f'inline; filename="{found.name}"'})
        return self.send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def send(self, status: HTTPStatus, body: bytes, mime: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", mime)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def events(self) -> None:
        """A server-sent event stream: one event with the version each time the state changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        state, seen = self.state, -1
        try:
            while True:
                with state.changed:
                    state.changed.wait_for(lambda seen=seen: state.version != seen or state.stopping, timeout=PING)
                    if state.stopping:
                        return
                    version = state.version
                self.wfile.write(f"data: {version}\n\n".encode() if version != seen else b": ping\n\n")
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _read_written(path: Path) -> bytes | None:
    """The bytes of a file the build wrote (`path` as it resolved then), or None where it is now reached through
    a link, in its name or in a folder on the way (a file replaced by a link to one outside the output folder is
    never served), or gone."""
    try:
        if path.resolve(strict=True) != path:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, RuntimeError):  # gone, a link (O_NOFOLLOW), or a loop of links
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection (a closed tab, a cancelled download) is no problem to report; any
        other error is, as the standard library reports it."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def stop(self) -> None:
        """End the event streams, stop serving and close the socket."""
        state = self.RequestHandlerClass.state
        with state.changed:
            state.stopping = True
            state.changed.notify_all()
        self.shutdown()
        self.server_close()


def make_server(state: State, port: int, suffix: str = "") -> Server:
    """A server bound to the loopback address only; port 0 takes any free port."""
    handler = type("PreviewHandler", (Handler,), {"state": state, "suffix": suffix})
    return Server((HOST, port), handler)
