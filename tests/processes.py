"""Finding a live process to kill from a test: the worker reading a file, a Ray worker mid-task.

Tests kill real workers (SIGKILL, as the system's out-of-memory killer would) instead of asking the
code under test to crash itself: production code has no hook for it."""
from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def wait_for(find: Callable[[], int | None], run: subprocess.Popen, seconds: float = 180) -> int | None:
    """Poll `find` until it names a pid, `run` ends, or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and run.poll() is None:
        pid = find()
        if pid:
            return pid
        time.sleep(0.1)
    return None


def child_reading(parent: int, file: Path) -> int | None:
    """The pid of `parent`'s child process that has `file` open (the worker reading it), if any."""
    for child in _children(parent):
        try:
            if any(os.readlink(fd) == str(file) for fd in Path(f"/proc/{child}/fd").iterdir()):
                return int(child)
        except OSError:  # the child ended meanwhile
            continue
    return None


def _children(parent: int) -> list[str]:
    """Child pids of every thread of `parent` (a child is listed under the thread that started it)."""
    children: list[str] = []
    try:
        threads = list(Path(f"/proc/{parent}/task").iterdir())
    except OSError:  # the parent ended
        return children
    for thread in threads:
        try:
            children += (thread / "children").read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
    return children


def ray_worker_running(task_name: str) -> int | None:
    """A Ray worker process running `task_name` (its title `ray::NAME`), not a process it forked."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            title = (proc / "cmdline").read_bytes().split(b"\0")[0]
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if title.startswith(f"ray::{task_name}".encode()):
            found[int(proc.name)] = parent
    return next((pid for pid, parent in found.items() if parent not in found), None)
