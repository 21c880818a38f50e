"""`lessonpress preview`: the unit as web pages on this machine, rebuilt and reloaded each time a file is saved."""

from __future__ import annotations

import errno
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from lessonpress.errors import LessonpressError, display_path
from lessonpress.preview.rebuild import Rebuilder, Settings
from lessonpress.preview.server import HOST, Server, State, make_server

DEBOUNCE_MS = 100
"""How long the watcher waits for a burst of saves (an editor writes a file in several steps) to end."""


class Preview:
    """The server, the watcher and the build thread of one preview; `start`, then `stop` (or use `run`)."""

    def __init__(self, settings: Settings, port: int | None = 0, say: Callable[[str], None] | None = None):
        self.settings = settings
        self.state = State()
        self.rebuilder = Rebuilder(settings)
        self.say = say or (lambda line: None)
        self.server = _bind(self.state, port, "" if settings.profile == "standard" else f"-{settings.profile}")
        self._stop = threading.Event()
        self._saved = threading.Event()  # a watched file was saved: make the pages
        self._good = threading.Event()  # good pages have changed: write the files
        self._making = threading.Event()  # the pages are being made
        self._lock = threading.Lock()
        self._snapshot = None  # the newest good pages' project and templates
        self._threads: list[threading.Thread] = []
        self._seen: tuple = ()  # the watched files as the newest pages read them (name, size, time)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}/"

    def start(self) -> None:
        """Make the pages once (so the first view is ready), then serve, watch and rebuild in threads: one makes
        the pages after each save, one the PDF and Word files of the newest good pages (which take longer)."""
        self.pages()
        for target in (self.server.serve_forever, self._watch, self._pages, self._files):
            thread = threading.Thread(target=target, name=f"preview-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop watching, let a build under way finish its files, stop serving."""
        self._stop.set()
        self._saved.set()
        self._good.set()
        if self._threads:
            self.server.stop()
        else:
            self.server.server_close()
        for thread in self._threads:
            thread.join()

    def watched(self) -> list[Path]:
        """The folders and files whose saving rebuilds: lessons, the course file, templates and labels, and the
        folders of the figures' pictures (wherever a lesson keeps them)."""
        s = self.settings
        found = [s.lessons_dir, s.templates_dir, *s.paths, *(p.parent for p in self.rebuilder.pictures)]
        return sorted({p.resolve() for p in found if p.exists()})

    def _watch(self) -> None:
        """Watch the files; a folder that appears (a new templates/) or goes is watched from then on."""
        import watchfiles

        while not self._stop.is_set():
            paths = self.watched()
            for changes in watchfiles.watch(*paths, debounce=DEBOUNCE_MS, step=20, stop_event=self._stop,
                                            rust_timeout=500, yield_on_timeout=True, raise_interrupt=False):
                # a save the watcher missed (made before it was watching, or between two watchers) is
                # caught by comparing the files with what the newest pages read, at each quiet moment
                if changes or self._fingerprint() != self._seen:
                    self._saved.set()
                if self.watched() != paths:
                    self._saved.set()
                    break

    def _pages(self) -> None:
        while self._wait(self._saved):
            self._making.set()
            try:
                self.pages()
            finally:
                self._making.clear()

    def _files(self) -> None:
        while self._wait(self._good):
            self.files()

    def _pause(self) -> bool:
        """Between two documents of the files: wait while pages are being made (they come first, and share
        the processor); True to give up the files when newer pages are waiting for theirs, or on stopping."""
        while (self._saved.is_set() or self._making.is_set()) and not self._stop.is_set():
            time.sleep(0.01)
        return self._good.is_set() or self._stop.is_set()

    def _wait(self, event: threading.Event) -> bool:
        """Wait for the event and clear it; False once the preview stops."""
        event.wait()
        event.clear()
        return not self._stop.is_set()

    def _fingerprint(self) -> tuple:
        """Each watched file's name, size and time: what a save changes."""
        out = []
        for root in self.watched():
            for path in (sorted(root.rglob("*")) if root.is_dir() else [root]):
                try:
                    st = path.stat()
                except OSError:
                    continue
                if path.is_file():
                    out.append((str(path), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def pages(self) -> None:
        """Make the pages of what changed and show them at once; the files follow in their own thread."""
        started = time.perf_counter()
        self._seen = self._fingerprint()
        result = self.rebuilder.pages()
        for line in result.problems:
            self.say(line)
        state = self.state
        if result.failed:
            state.publish(problems=result.problems, failed=True)
            self.say("preview: not updated; fix the problem above and save again")
            return
        version = state.version + 1
        shown = {key: (version if key in result.changed else state.pages[key][0], data)
                 for key, (_, data) in self.rebuilder.html.items()}
        with self._lock:
            pending = self._snapshot is None or result.changed
            if pending:
                self._snapshot = result.snapshot
        state.publish(problems=result.problems, failed=False, lessons=result.lessons, pages=shown,
                      busy="Writing the PDF and Word files…" if pending else state.busy)
        if pending:
            self._good.set()
        if result.changed:
            self.say(f"preview: {len(result.changed)} page(s) updated ({time.perf_counter() - started:.2f} s)")

    def files(self) -> None:
        """Write the PDF and Word files of the newest good pages (only what changed)."""
        started = time.perf_counter()
        with self._lock:
            snapshot = self._snapshot
        try:
            made = self.rebuilder.files(snapshot, self._pause)
        except LessonpressError as exc:
            lines = tuple(str(d) for d in exc.diagnostics)
            for line in lines:
                self.say(line)
            self.state.publish(busy="", problems=self.state.problems + lines)
            return
        if made is None:  # newer pages came: their files are made next
            return
        every, written = made
        out = self.settings.out.resolve()
        self.state.publish(busy="", files={(r := p.resolve()).relative_to(out).as_posix(): r for p in every})
        if written:
            self.say(f"preview: wrote {len(written)} file(s) in {display_path(self.settings.out)}/ "
                     f"({time.perf_counter() - started:.2f} s)")

    def run(self, open_browser: bool) -> int:
        """Serve until Ctrl-C."""
        self.start()
        self.say(f"Previewing at {self.url} (press Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(self.url)
        try:
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            self.say("preview: stopping…")
        finally:
            self.stop()
        self.say("preview: stopped")
        return 0


def _bind(state: State, port: int | None, suffix: str) -> Server:
    """A server on the given port, or on 8000 (the next free port when that is taken)."""
    if port is not None:
        try:
            return make_server(state, port, suffix)
        except OSError as exc:
            raise LessonpressError([_port_problem(port, exc)]) from None
    try:
        return make_server(state, 8000, suffix)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        return make_server(state, 0, suffix)


def _port_problem(port: int, exc: OSError):
    from lessonpress.errors import Diagnostic, Loc

    why = "is in use by another program" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
    return Diagnostic(Loc("--port"), f"port {port} {why}; give another with --port, or leave it out to pick one",
                      "preview.port")


def main(settings: Settings, port: int | None, open_browser: bool, quiet: bool) -> int:
    """The `lessonpress preview` command."""
    def say(line: str) -> None:
        if not quiet or ": error:" in line or ": warning:" in line:
            print(line, file=sys.stderr if ": error:" in line or ": warning:" in line else sys.stdout, flush=True)

    return Preview(settings, port, say).run(open_browser)
