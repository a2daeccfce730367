"""A stand-in for the training worker that speaks its protocol, for tests of the Node side.

FAKE_WORKER_MODE: crash (dies like an out-of-memory kill), error (reports a failure),
slow (trains forever, one step every 50 ms, until cancelled), succeed (trains maxSteps steps,
default 4, and reports an adapter file whose bytes are FAKE_ADAPTER_BYTES; asked for a sweep,
it reports one trial per learning rate, the last one best, and chooses it).
"""

import json
import os
import sys
import threading
import time


def emit(kind, **fields):
    sys.stdout.write(json.dumps({"type": kind, **fields}) + "\n")
    sys.stdout.flush()


FAKE_ADAPTER_BYTES = b"GGUF: a fake LoRA adapter"
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
if mode == "succeed":
    steps = request["hyperparameters"].get("maxSteps") or 4
    emit("phase", phase="training", totalSteps=steps)
    for step in range(1, steps + 1):
        emit("progress", step=step, totalSteps=steps, epoch=step / steps, loss=1.0 / step, learningRate=0.001, tokens=step * 100, elapsedSeconds=step * 0.01, secondsPerStep=0.01, etaSeconds=(steps - step) * 0.01)
    metrics = {"trainLoss": 1.0 / steps, "validationLoss": 0.5, "secondsPerStep": 0.01}
    sweep = request.get("sweep")
    if sweep:
        rates = sweep["learningRates"]
        trials = [{"learningRate": rate, "steps": steps, "best": {"step": steps, "loss": round(1.0 / (index + 2), 5), "accuracy": 0.5}} for index, rate in enumerate(rates)]
        for index, trial in enumerate(trials):
            best = trial["best"]
            emit("trial", trial=index + 1, learningRate=trial["learningRate"], steps=steps, bestStep=steps, validationLoss=best["loss"], validationAccuracy=0.5, stoppedEarly=False)
        emit("choice", learningRate=rates[-1], steps=steps, stoppedEarly=False)
        metrics.update(learningRate=rates[-1], steps=steps, sweep={"learningRates": rates, "trials": trials, "chosen": {"learningRate": rates[-1], "steps": steps}, "sweepSteps": steps * len(rates)})
    emit("eval", step=steps, validationLoss=0.5)
    os.makedirs(request["outputDir"], exist_ok=True)
    adapter = os.path.join(request["outputDir"], "adapter.gguf")
    with open(adapter, "wb") as file:
        file.write(FAKE_ADAPTER_BYTES)
    emit("done", adapterGguf=adapter, adapterDir=request["outputDir"], adapter={"rank": request["hyperparameters"]["rank"]}, metrics=metrics)
    sys.exit(0)
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
