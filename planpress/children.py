"""Processes a build starts that take pickled jobs on their stdin and answer each on their
stdout: the easy read worker (`planpress.engines.mkdocs.build`) and the PDF helper
(`planpress.pages.pdf`). Each is a plain `python -c` process, so nothing of the caller's
main module is imported again (as multiprocessing's spawn would), and each ends when its
stdin closes: when its caller ends, however it ends."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any


def start_child(module: str, function: str) -> subprocess.Popen[bytes]:
    """A process running `module.function()`, with pipes to its stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, "-c", f"from {module} import {function}; {function}()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def answer_each(handle: Callable[[Any], object]) -> Any:
    """In the child: answer each job on stdin with `handle(job)`, pickled, until stdin ends
    (then None), or return the job whose answer could not be sent (the caller has gone).

    Ctrl-C reaches every process of the terminal: a child leaves it to its caller, whose
    end closes the child's stdin. Anything the child prints goes to stderr, not into the
    answers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    jobs = sys.stdin.buffer
    while True:
        try:
            job = pickle.load(jobs)
        except (EOFError, pickle.UnpicklingError, OSError):
            return None
        answer = handle(job)
        try:
            pickle.dump(answer, answers)
            answers.flush()
        except OSError:
            return job
