"""mypy --strict, incrementally, over a package that is rewritten many times.

The hostile-strings property test type-checks every package it generates. A
fresh mypy run costs seconds (the standard library and httpx are re-read each
time); mypy's own daemon keeps them loaded and re-checks only the files that
changed, a tenth of a second for one example.

``MypyDaemon`` drives the daemon's server in-process. ``BackgroundMypy`` runs
one in a forked process and is fed packages without waiting for the verdicts,
so type-checking uses a second core while the test goes on generating; the
verdicts are collected at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path
from typing import Any

from mypy import main as mypy_main
from mypy.dmypy_server import Server


class MypyDaemon:
    """Keeps one package directory under ``root`` and checks it after each change."""

    def __init__(self, root: Path, package: str) -> None:
        self.root = root
        self.package = package
        root.mkdir(parents=True, exist_ok=True)
        self._server: Server | None = None
        self._writes = 0

    def check(self, files: dict[str, str]) -> tuple[int, str]:
        """Make the package hold exactly the ``.py`` files given, then type-check it."""
        self._sync(files)
        cwd = os.getcwd()
        os.chdir(self.root)  # the daemon resolves its targets against the working directory
        try:
            if self._server is None:
                _, options = mypy_main.process_options(
                    ["--strict", self.package], require_targets=True, server_options=True
                )
                self._server = Server(options, str(self.root / ".dmypy.json"))
            result = self._server.cmd_check([self.package], export_types=False, is_tty=False, terminal_width=100)
        finally:
            os.chdir(cwd)
        return int(result.get("status", 2)), str(result.get("out", "")) + str(result.get("err", ""))

    def _sync(self, files: dict[str, str]) -> None:
        wanted = {rel: text for rel, text in files.items() if rel.endswith((".py", "py.typed"))}
        package_dir = self.root / self.package
        if package_dir.exists():
            for path in sorted(package_dir.rglob("*"), reverse=True):
                rel = path.relative_to(self.root).as_posix()
                if path.is_file() and rel not in wanted:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        for rel, text in wanted.items():
            target = self.root / rel
            # Unchanged files keep their mtime, so the daemon skips them.
            if target.is_file() and target.read_text(encoding="utf-8") == text:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            # The daemon notices a change by mtime and size; the file system's clock
            # is coarse, so make every write's mtime distinct.
            self._writes += 1
            stamp = 1_000_000_000 * (1_000_000 + self._writes)
            os.utime(target, ns=(stamp, stamp))

    def close(self) -> None:
        self._server = None
        shutil.rmtree(self.root, ignore_errors=True)


_REPORTED = 10  # failures sent back in full; a pipe that fills up would deadlock


def _serve(root: Path, package: str, inbox: Any, outbox: Any) -> None:
    daemon = MypyDaemon(root, package)
    failed = 0
    while True:
        job = inbox.recv()
        if job is None:
            break
        label, files = job
        status, report = daemon.check(files)
        if status != 0:
            failed += 1
            if failed <= _REPORTED:
                outbox.send((label[-2000:], report[-3000:]))
    if failed > _REPORTED:
        outbox.send(("...", f"and {failed - _REPORTED} more packages mypy rejected"))
    outbox.send(None)


class BackgroundMypy:
    """A ``MypyDaemon`` in a forked process: ``submit`` now, ``failures`` at the end."""

    def __init__(self, root: Path, package: str) -> None:
        context = multiprocessing.get_context("fork")
        self._jobs, inbox = context.Pipe()
        outbox, self._verdicts = context.Pipe()
        self._process = context.Process(target=_serve, args=(root, package, inbox, outbox), daemon=True)
        self._process.start()
        self.submitted = 0
        self._failures: list[tuple[str, str]] | None = None

    def submit(self, label: str, files: dict[str, str]) -> None:
        """Queue one package for checking; ``label`` names it in a failure report."""
        self._jobs.send((label, files))
        self.submitted += 1

    def failures(self) -> list[tuple[str, str]]:
        """Wait for every verdict; the (label, report) of each package mypy rejected."""
        if self._failures is None:
            self._jobs.send(None)
            found = []
            while (item := self._verdicts.recv()) is not None:
                found.append(item)
            self._process.join()
            self._failures = found
        return self._failures

    def close(self) -> None:
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
