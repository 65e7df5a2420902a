"""A pause point for the crash tests: a process stops here, mid-transaction, so a test can kill -9 it.

Off unless the app was built with TESTING and a FAULT_PAUSE = (name, nth) test setting; no setting
reads either from the environment, so production never pauses. When on, from the nth time the
process reaches the point of that name, it flushes (every row of the transaction is in the database,
uncommitted), writes its process id to FAULT_PAUSE_FILE and waits. Only while that file is absent:
it is created exclusively, so one process pauses once, and a worker the server starts again runs on
until the test removes the file.
"""
import os
import time
from collections import Counter

from flask import current_app

from core.extensions import db

_reached: Counter = Counter()
WAIT_SECONDS = 120  # longer than any test takes to kill the process; a forgotten pause ends on its own


def pause(name: str) -> None:
    """Tests only: at the FAULT_PAUSE point, flush, tell the test this process's id, and wait to be killed."""
    config = current_app.config
    wanted = config.get("FAULT_PAUSE") if current_app.testing else None
    if not wanted or wanted[0] != name:
        return
    _reached[name] += 1
    if _reached[name] < wanted[1]:
        return
    db.session.flush()
    try:
        with open(config["FAULT_PAUSE_FILE"], "x") as signal_file:
            signal_file.write(str(os.getpid()))
    except FileExistsError:
        return
    time.sleep(WAIT_SECONDS)
