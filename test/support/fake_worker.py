"""A stand-in for the training worker that speaks its protocol, for tests of the Node side.

FAKE_WORKER_MODE: crash (dies like an out-of-memory kill), error (reports a failure),
slow (trains forever, one step every 50 ms, until cancelled).
"""

import json
import os
import sys
import threading
import time


def emit(kind, **fields):
    sys.stdout.write(json.dumps({"type": kind, **fields}) + "\n")
    sys.stdout.flush()


request = json.loads(sys.stdin.readline())
mode = os.environ.get("FAKE_WORKER_MODE", "slow")
emit("phase", phase="loading")
if mode == "crash":
    sys.stderr.write("Killed\n")
    sys.stderr.flush()
    os._exit(137)
if mode == "error":
    emit("error", code="worker-failed", message="ValueError: no training example fits in 256 tokens")
    sys.exit(1)
cancelled = threading.Event()


def watch():
    for line in sys.stdin:
        if json.loads(line).get("type") == "cancel":
            break
    cancelled.set()


threading.Thread(target=watch, daemon=True).start()
emit("phase", phase="training", totalSteps=1000)
for step in range(1, 1001):
    if cancelled.is_set():
        emit("cancelled")
        sys.exit(0)
    emit("progress", step=step, totalSteps=1000, epoch=step / 10, loss=1.0 / step, learningRate=0.001, tokens=step * 100, elapsedSeconds=step * 0.05, secondsPerStep=0.05, etaSeconds=(1000 - step) * 0.05)
    time.sleep(0.05)
