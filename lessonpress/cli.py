"""The command line: `lessonpress build` (also `python generate.py`) and `lessonpress check`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import traceback
from pathlib import Path

from lessonpress import __version__
from lessonpress.errors import LessonpressError, Loc, Report, did_you_mean, display_path, one_line

FORMATS = ("pdf", "docx")
COMMANDS = ("build", "check", "preview", "new")


def _formats(value: str) -> list[str]:
    from lessonpress.writers import QUIZ_FORMATS

    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [n for n in names if n not in FORMATS + QUIZ_FORMATS + ("html", "debug")]
    if bad or not names:
        raise argparse.ArgumentTypeError(f"unknown format '{','.join(bad) or value}' (choose from: "
                                         f"{', '.join(FORMATS + ('html',) + QUIZ_FORMATS)})")
    return names


def _versions(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 100, got '{value}'")
    return n


def _grade(value: str) -> str:
    if not value.strip() or not value.isprintable():
        raise argparse.ArgumentTypeError("needs a grade or grade band, e.g. '9–12' or '7'")
    return value.strip()


def _minutes(value: str) -> int:
    n = int(value) if value.strip().isdigit() else 0
    if not 5 <= n <= 600:
        raise argparse.ArgumentTypeError(f"must be a whole number of minutes from 5 to 600, got '{value}'")
    return n


def parser(root: Path) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lessonpress", description="Turn YAML lessons into print-ready handouts, worksheets and answer keys.")
    p.add_argument("--version", action="version", version=f"lessonpress {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="lesson files or folders (default: lessons/)")
        sp.add_argument("--strict", action="store_true", help="treat warnings as errors")
        sp.add_argument("-q", "--quiet", action="store_true", help="print only problems")
        sp.add_argument("-v", "--verbose", action="store_true", help="list every file written")
        sp.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
        sp.add_argument("--templates", type=Path, default=None, metavar="DIR",
                        help="folder of templates that replace the built-in ones (default: templates/)")

    b = sub.add_parser("build", help="validate the lessons and write PDF and DOCX files (the default)")
    common(b)
    b.add_argument("--out", type=Path, default=root / "output", metavar="DIR", help="output folder (default: output/)")
    b.add_argument("--format", type=_formats, default=list(FORMATS), metavar="pdf,docx",
                   help="formats to write (default: pdf,docx); online quizzes: canvas, moodle, gift, blackboard, "
                   "google-forms")
    b.add_argument("--paper", choices=("letter", "a4"), default=None,
                   help="paper size (default: course.yaml's, else letter)")
    b.add_argument("--versions", type=_versions, default=1, metavar="N",
                   help="print N forms (A, B, C…) of each worksheet and key, shuffled, plus a key grid")
    b.add_argument("--seed", default="0", metavar="S",
                   help="seed of the shuffles: the same seed always gives the same forms (default: 0)")
    b.add_argument("--roster", type=Path, default=None, metavar="CSV",
                   help="class roster (name, period; optional form, large_print): one class set PDF per period")
    b.add_argument("--profile", choices=("standard", "large-print", "dyslexia"), default="standard",
                   help="accessible copies: large print, or a dyslexia-friendly font and spacing")
    b.add_argument("-j", "--jobs", type=int, default=min(os.cpu_count() or 1, 4), metavar="N",
                   help="processes that write documents at once (default: one per CPU, at most 4)")
    c = sub.add_parser("check", help="validate the lessons without writing anything")
    common(c)
    v = sub.add_parser("preview", help="show the unit in the web browser, rebuilt each time a file is saved")
    common(v)
    v.add_argument("--out", type=Path, default=root / "output", metavar="DIR", help="output folder (default: output/)")
    v.add_argument("--paper", choices=("letter", "a4"), default=None,
                   help="paper size (default: course.yaml's, else letter)")
    v.add_argument("--profile", choices=("standard", "large-print", "dyslexia"), default="standard",
                   help="accessible copies: large print, or a dyslexia-friendly font and spacing")
    v.add_argument("--port", type=int, default=None, metavar="N",
                   help="port of the local web server (default: 8000, or a free one if that is taken)")
    v.add_argument("--no-browser", action="store_true", help="do not open the web browser")
    n = sub.add_parser("new", help="draft lessons from a text (.txt, .md or .docx), one per section, for review")
    n.add_argument("source", type=Path, metavar="SOURCE", help="the text to draft lessons from")
    n.add_argument("--out", type=Path, default=None, metavar="DIR", help="folder for the drafts (default: lessons/)")
    n.add_argument("--grade", type=_grade, default="9–12", help="grade band written into the drafts (default: 9–12)")
    n.add_argument("--duration", type=_minutes, default=50, metavar="MINUTES",
                   help="class time of each lesson in minutes (default: 50)")
    n.add_argument("--debug", action="store_true", help="show a traceback for internal errors")
    return p


def _print_report(report: Report) -> None:
    for d in report.sorted():
        print(d, file=sys.stderr)


def entry(root: Path | None = None) -> None:
    """The `lessonpress` command, `python -m lessonpress` and generate.py: run, then exit."""
    code = main(root=root)
    # The process ends here: skip collecting everything the build held, which takes a tenth of a second
    # and frees nothing anyone needs (files are already written and closed).
    gc.freeze()
    sys.exit(code)


class _Collector:
    """Holds off Python's cyclic garbage collector while a command starts: importing the libraries and
    reading and checking the lessons make objects that live to the end of the run, and going through them again
    and again took 60-70 ms of a `check` of the course here, to free 0.4 MB. The writers run with it on."""

    paused = False

    def pause(self) -> None:
        if gc.isenabled():
            gc.disable()
            self.paused = True

    def resume(self) -> None:
        if self.paused:
            gc.enable()
            self.paused = False


_COLLECTOR = _Collector()


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    _COLLECTOR.pause()
    try:
        return _main(argv, root)
    finally:
        _COLLECTOR.resume()


def _main(argv: list[str] | None, root: Path | None) -> int:
    root = root or Path.cwd()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version"):
        first = args_list[0] if args_list else ""
        if first and not first.startswith("-") and not Path(first).exists() and did_you_mean(first, COMMANDS):
            print(f"lessonpress: unknown command '{first}'{did_you_mean(first, COMMANDS)}", file=sys.stderr)
            return 2
        args_list.insert(0, "build")
    args = parser(root).parse_args(args_list)
    try:
        return run(args, root)
    except LessonpressError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lessonpress: interrupted; nothing was changed in the output folder",
              file=sys.stderr)
        return 130
    except Exception as exc:  # anything else is a bug in lessonpress
        if args.debug:
            traceback.print_exc()
        print(f"lessonpress: internal error: {one_line(f'{type(exc).__name__}: {exc}')[:500]}\n"
              "This is a bug in lessonpress, not in your lessons. Run again with --debug and report what it prints.",
              file=sys.stderr)
        return 1


def _fail(report: Report, strict: bool) -> int:
    _print_report(report)
    n = len(report.errors) + (len(report.warnings) if strict else 0)
    print(f"lessonpress: {n} problem(s){' (warnings count under --strict)' if strict and report.warnings else ''}; "
          "nothing was written", file=sys.stderr)
    return 1


def _no_lessons_here(root: Path, command: str) -> Report:
    """Run outside a lessonpress folder: say where we looked, and where the lessons are if a folder above has them."""
    report = Report()
    above = next((d for d in root.parents if (d / "lessons").is_dir() and (d / "generate.py").is_file()), None)
    hint = (f"run it in {display_path(above)}, which has them" if above else
            "open the terminal in your lessonpress folder (the one with lessons/ and generate.py)")
    report.error(Loc(display_path(root / "lessons")),
                 f"no lessons/ folder here (lessonpress looks in the folder it is run from, {root}): {hint}, "
                 f"or name the lesson files: lessonpress {command} my-lessons/", "file.no-lessons-folder")
    return report


def run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "new":
        from lessonpress.draft.command import run_new

        _COLLECTOR.resume()
        return run_new(args, root)
    started = time.perf_counter()
    lessons_dir = root / "lessons"
    if not args.paths and not lessons_dir.is_dir():
        return _fail(_no_lessons_here(root, args.command), strict=False)
    if args.command == "preview":
        from lessonpress.preview import main as preview
        from lessonpress.preview.rebuild import Settings

        settings = Settings(root, tuple(args.paths), args.out, args.templates, args.paper, args.profile)
        _COLLECTOR.resume()  # a preview runs for hours
        return preview(settings, args.port, not args.no_browser, args.quiet)
    inputs = _inputs(args, root) if args.command == "build" else None
    if inputs is not None:
        from lessonpress.manifest import up_to_date

        warned: list[str] = []
        same = up_to_date(args.out, inputs, warned)
        if same is not None:  # nothing read, nothing written; the last build's warnings still hold
            for line in warned:
                print(line, file=sys.stderr)
            if args.strict and warned:
                print(f"lessonpress: {len(warned)} problem(s) (warnings count under --strict); nothing was written",
                      file=sys.stderr)
                return 1
            if not args.quiet:
                print(f"Up to date: nothing changed since the last build ({len(same)} files in "
                      f"{display_path(args.out)}/, {time.perf_counter() - started:.2f} s)")
            return 0
    from lessonpress.validate import lesson_files, load_project

    project = load_project(args.paths, lessons_dir)
    report = project.report
    if args.templates is not None and not args.templates.is_dir():
        report.error(Loc(display_path(args.templates)), "no such templates folder", "template.folder")
    from lessonpress.writers import source_date_problem

    date_problem = source_date_problem()
    if date_problem:
        report.error(Loc("SOURCE_DATE_EPOCH"), date_problem, "env.source-date")
    if args.command == "build":
        if "pdf" not in args.format:  # the warning is about the PDF's fonts: a build that makes no PDF draws none
            report.items[:] = [d for d in report.items if d.code != "font.missing-glyph"]
        students = _setup(args, root, project)
    if report.errors or (args.strict and report.warnings):
        return _fail(report, args.strict)
    if args.command == "check":
        from lessonpress.build import Options, plan
        from lessonpress.documents.common import forms
        from lessonpress.validate import awaiting_review

        try:  # every builder and template, as a build with and without versions uses them; no writers
            templates = _templates(args, root, project.course.language)
            report.items.extend(templates.labels.warnings)
            built: dict = {}  # the documents both plans make (handout, lesson plan) are made once
            for versions in (1, 2):
                plan(project, Options(root / "output", FORMATS, forms=tuple(forms(versions, "0"))), templates, built)
        except LessonpressError as exc:
            report.items.extend(exc.diagnostics)
            return _fail(report, args.strict)
        if args.strict and report.warnings:
            return _fail(report, args.strict)
        _print_report(report)
        pending = awaiting_review(project.lessons)
        if not args.quiet:
            for d in pending:
                print(d)
            print(f"{len(project.lessons)} lesson(s) OK"
                  + (f"; {len(pending)} drafted item(s) await review (delete each 'review:' line once checked)"
                     if pending else ""))
        return 0

    from lessonpress.build import Options, commit, same_bytes
    from lessonpress.build import run as run_build
    from lessonpress.documents.common import forms
    from lessonpress.output import Lock

    reference = (args.templates if args.templates is not None else root / "templates") / "reference.docx"
    # the unit is the lessons of the folders the run names (lessons/ when it names none): a run that covers all of
    # them builds the packets, whether the folder is lessons/ or another (drafts from `lessonpress new`)
    folders = sorted({p if p.is_dir() else p.parent for p in args.paths}) or [lessons_dir]
    whole = {p.resolve() for p in lesson_files(folders, lessons_dir)}
    covered = {p.resolve() for p in lesson_files(args.paths, lessons_dir)}
    options = Options(args.out, tuple(args.format), args.paper, tuple(forms(args.versions, args.seed)), args.profile,
                      tuple(students) if students is not None else None, reference if reference.is_file() else None,
                      args.jobs, packets=not args.paths or whole <= covered)
    _COLLECTOR.resume()
    with Lock(args.out):  # a second build into the same folder is refused, never interleaved
        try:  # a template or label mistake is found before anything is written
            templates = _templates(args, root, project.course.language)
            report.items.extend(templates.labels.warnings)
            cache = None
            if inputs is not None:  # what the last build made, so that only what changed is made again
                from lessonpress.manifest import Cache, load

                cache = Cache(args.out, load(args.out), options.reference_docx)
            results = run_build(project, options, templates, cache)
        except LessonpressError as exc:
            report.items.extend(exc.diagnostics)
            return _fail(report, args.strict)
        files = results.files
        report.items.extend(results.warnings)
        if args.strict and report.warnings:
            return _fail(report, args.strict)
        _print_report(report)
        # a file as the last build wrote it, or already holding these very bytes, is left as it is
        written = [f for f in files if not f.kept and not same_bytes(f.path, f.data)]
        commit(args.out, written)
        previous = cache.previous if cache is not None else {}
        stale, busy = clear_stale(args.out, stale_files(files, options.suffix, options.formats), previous)
        # the unit built (its folders and lessons' output folders) when the run builds all of it, so that the
        # next build of the same unit can tell a lesson since removed or renamed
        unit = {"folders": [str(f.resolve()) for f in folders],
                "lessons": sorted(ll.lesson.id for ll in project.lessons)}
        if options.packets:
            gone, pending = clear_gone(args.out, previous, unit)
            stale += gone
            busy = busy or bool(pending)
            unit["lessons"] = sorted(set(unit["lessons"]) | pending)  # tried again by the next build
        else:
            unit = carried_unit(previous, unit["folders"], set(unit["lessons"]))
        if inputs is not None:
            from lessonpress.figures import picture_files
            from lessonpress.manifest import record

            record(args.out, inputs, [f.path for f in files], cache, picture_files(project.lessons),
                   [str(d) for d in report.sorted()], unit, unfinished=busy)
    if args.verbose:
        made = {id(f) for f in written}
        for f in files:
            print(f"{'wrote' if id(f) in made else 'kept'} {display_path(f.path)} ({len(f.data):,} bytes)")
    if not args.quiet:
        for note in results.notes + stale:
            print(f"note: {note}")
        same = len(files) - len(written)
        print(f"Built {len(project.lessons)} lesson(s): {len(files)} files in {display_path(args.out)}/ "
              + (f"({len(written)} made, {same} unchanged since the last build; " if same else "(")
              + f"{time.perf_counter() - started:.1f} s)")
    return 0


def _inputs(args: argparse.Namespace, root: Path) -> str | None:
    """The hash of everything this build reads (see lessonpress.manifest); None where it cannot be told."""
    from lessonpress.manifest import key

    if args.out.exists() and not args.out.is_dir():
        return None
    given = [p for p in args.paths if p.is_file()] + ([args.roster] if args.roster else [])
    folders = [root / "lessons", *(p if p.is_dir() else p.parent for p in args.paths)]
    options = {"paths": sorted(str(p.resolve()) for p in args.paths), "out": str(args.out.resolve()),
               "formats": args.format, "paper": args.paper, "versions": args.versions, "seed": args.seed,
               "profile": args.profile, "strict": args.strict, "templates": str(args.templates),
               "roster": str(args.roster), "root": str(root.resolve()),
               "compat": os.environ.get("LESSONPRESS_COMPAT", "")}
    return key(given, folders, [args.templates if args.templates is not None else root / "templates"], options)


def _templates(args: argparse.Namespace, root: Path, language: str):
    """The templates: the user's folder (--templates, else templates/ if there is one), then the built-ins; and
    the labels of the course's language, with the folder's labels.yaml over them."""
    from lessonpress.templating import Templates

    folder = args.templates if args.templates is not None else root / "templates"
    return Templates(folder if folder.is_dir() else None, language)


def _setup(args: argparse.Namespace, root: Path, project) -> list | None:
    """Check what a build needs besides the lessons (output folder, templates, roster); report problems."""
    report = project.report
    if args.out.exists() and not args.out.is_dir():
        report.error(Loc(display_path(args.out)), "is a file; --out needs a folder", "output.folder")
    reference = (args.templates or root / "templates") / "reference.docx"
    if reference.is_file() and "docx" in args.format:
        import docx

        try:
            docx.Document(str(reference))
        except Exception:  # python-docx raises several kinds for a file that is not a Word document
            report.error(Loc(display_path(reference)), "is not a Word (.docx) document; save it from Word as "
                         "'Word Document (.docx)' or remove it", "template.reference")
    if args.roster is None:
        return None
    from lessonpress.documents.common import forms
    from lessonpress.glyphs import coverage
    from lessonpress.roster import load_roster, roster_warnings, unprintable

    letters = [f.letter for f in forms(args.versions, args.seed) if f is not None]
    try:
        students = load_roster(args.roster, letters)
    except LessonpressError as exc:
        report.items.extend(exc.diagnostics)
        return None
    report.items.extend(roster_warnings(students) + unprintable(students, coverage()))
    return students


VARIABLE = ("worksheet-", "answer-key-", "key-grid", "class-set-period-")  # files that depend on the options


def stale_files(files: list, suffix: str, formats: tuple[str, ...]) -> list[Path]:
    """Files of an earlier run's forms or class sets, in this run's formats and profile, that this run did not
    make (say, Form C after a build with two forms)."""
    written = {f.path.resolve() for f in files}
    kinds = tuple(f".{fmt}" for fmt in formats)
    old = []
    for folder in sorted({f.path.parent for f in files}):
        for p in sorted(folder.iterdir()) if folder.is_dir() else []:
            profiled = any(p.stem.endswith(f"-{name}") for name in ("large-print", "dyslexia"))
            same_profile = p.stem.endswith(suffix) if suffix else not profiled
            if (p.name.startswith(VARIABLE) and p.suffix in kinds and same_profile and not p.is_symlink()
                    and p.resolve() not in written):
                old.append(p)
    return old


SYSTEM_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")
"""Files Finder and Explorer leave in any folder they show (and macOS's "._" files): nobody's work."""


def _delete_unchanged(out: Path, path: Path, previous: dict) -> bool | None:
    """Delete `path` if the last build made it and nobody changed it since: True when deleted, False when it was
    changed (or not made by that build), None when it could not be deleted (open in another program, say)."""
    from lessonpress.manifest import unchanged_since_made

    if not unchanged_since_made(out, path, previous):
        return False
    try:
        path.unlink()
        return True
    except OSError:
        return None


def clear_gone(out: Path, previous: dict, unit: dict) -> tuple[list[str], set[str]]:
    """Delete the files the last build of this same unit made for a lesson it no longer has (renamed or removed),
    each while nobody changed it since, and its folder once nothing else is in it; a note for each such folder,
    and the lessons whose folder still holds a file that could not be deleted (the next build tries again)."""
    before = previous.get("unit")
    if not isinstance(before, dict) or before.get("folders") != unit["folders"]:
        return [], set()  # another unit (drafts/ built into the same folder) or an older manifest: not ours
    notes, pending, listed = [], set(), before.get("lessons")
    for lesson in sorted({n for n in listed if isinstance(n, str)} - set(unit["lessons"]) if isinstance(
            listed, list) else ()):
        folder = out / lesson
        if "/" in lesson or "\\" in lesson or lesson in ("", ".", "..") or folder.is_symlink() or not folder.is_dir():
            continue
        root, busy, changed = folder.resolve(), [], []
        for name in sorted(n for n in previous.get("made", {}) if isinstance(n, str) and n.startswith(f"{lesson}/")):
            rest = name[len(lesson) + 1:]
            if "\\" in rest or any(part in ("", ".", "..") for part in rest.split("/")):
                continue  # a manifest changed by hand: never a file outside this folder
            path = folder / rest
            if path.resolve() != root / rest:
                continue  # reached through a link: not this folder's file
            done = _delete_unchanged(out, path, previous)
            if done is None:
                busy.append(rest)
            elif not done and path.exists():
                changed.append(rest)
        rest_of = [p for p in folder.iterdir() if p.name not in busy and p.name not in changed]
        if all(p.name in SYSTEM_FILES or p.name.startswith("._") for p in rest_of) and not busy and not changed:
            try:
                for p in rest_of:
                    p.unlink()
                folder.rmdir()
                notes.append(f"deleted {display_path(folder)}/: an earlier build made it for a lesson no longer in "
                             "the unit (renamed or removed)")
                continue
            except OSError:
                rest_of = [p for p in folder.iterdir() if p.name not in busy and p.name not in changed]
        said = []
        if busy:
            pending.add(lesson)
            said.append(f"could not delete {', '.join(busy)} (open in another program? close it, and the next "
                        "build deletes it)")
        if changed:
            said.append(f"kept {', '.join(changed)} (changed since it was made)")
        others = [p.name for p in rest_of if p.name not in SYSTEM_FILES and not p.name.startswith("._")]
        if others:
            said.append(f"left what lessonpress did not make ({', '.join(sorted(others)[:3])}"
                        f"{', …' if len(others) > 3 else ''})")
        notes.append(f"{display_path(folder)}/ is from a lesson no longer in the unit (renamed or removed): "
                     f"lessonpress deleted the files it had made there, but {'; '.join(said) or 'not the folder'}"
                     + ("" if busy and not changed and not others else
                        "; delete the folder yourself if it is no longer wanted"))
    return notes, pending


def carried_unit(previous: dict, folders: list[str], built: set[str]) -> dict | None:
    """The unit a build of some of its lessons records: the last one built whole. When this build's lessons are
    from other folders (a draft built into the course's output), their output folders are no longer that
    unit's, so that its next build does not delete them as if its lessons had been removed."""
    before = previous.get("unit")
    if not isinstance(before, dict):
        return None
    if before.get("folders") == folders or not isinstance(before.get("lessons"), list):
        return before
    return {**before, "lessons": [n for n in before["lessons"] if n not in built]}


def clear_stale(out: Path, stale: list[Path], previous: dict) -> tuple[list[str], bool]:
    """Delete each stale file that an earlier build made and nobody changed since (so nobody prints an old Form A);
    a note for each folder that keeps one it cannot tell is unchanged (a Word copy edited by hand, say) or could
    not delete; and whether one could not be deleted (the next build tries again)."""
    left: dict[tuple[Path, bool], list[str]] = {}  # (folder, could not be deleted) -> the files left there
    for path in stale:
        done = _delete_unchanged(out, path, previous)
        if not done:
            left.setdefault((path.parent, done is None), []).append(path.name)
    return [f"{display_path(folder)}/ still holds files from an earlier build that this one did not make: "
            f"{', '.join(names)} ("
            + ("they could not be deleted: open in another program? close them, and the next build deletes them)"
               if busy else "kept, as they may have been changed by hand; delete them if they are no longer wanted)")
            for (folder, busy), names in left.items()], any(busy for _, busy in left)
