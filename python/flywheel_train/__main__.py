"""Entry point: `python -m flywheel_train` reads one JSON request on stdin and streams events on stdout.

Events: phase, log, progress (step, loss, tokens, time left), eval, done (files and metrics),
cancelled, error (code, message). A `{"type": "cancel"}` line on stdin, SIGTERM, or stdin
closing stops training at the next step boundary.
"""

import os
import signal
import sys
import traceback

from .protocol import Cancelled, Channel


def main() -> int:
    channel = Channel()
    signal.signal(signal.SIGTERM, lambda *_: channel.cancelled.set())
    try:
        request = channel.read_request()
    except ValueError as error:
        channel.emit("error", code="bad-request", message=str(error))
        return 2
    channel.watch_stdin()
    try:
        from .export_adapter import adapter_settings, convert_to_gguf, save_adapter
        from .train import peak_memory_bytes, train

        result = train(channel, request)
        if channel.cancelled.is_set():
            raise Cancelled()
        channel.emit("phase", phase="saving")
        output_dir = request["outputDir"]
        os.makedirs(output_dir, exist_ok=True)
        adapter_dir, base_dir = save_adapter(result["model"], result["tokenizer"], output_dir)
        channel.emit("phase", phase="converting")
        adapter_gguf = os.path.join(output_dir, "adapter.gguf")
        convert_to_gguf(request["converterDir"], adapter_dir, base_dir, adapter_gguf)
        metrics = result["metrics"]
        metrics["peakMemoryBytes"] = max(metrics.get("peakMemoryBytes", 0), peak_memory_bytes())
        channel.emit("done", adapterGguf=adapter_gguf, adapterDir=adapter_dir, adapter=adapter_settings(adapter_dir), metrics=metrics)
        return 0
    except Cancelled:
        channel.emit("cancelled")
        return 0
    except MemoryError:
        channel.emit("error", code="out-of-memory", message="the worker ran out of memory")
        return 1
    except Exception as error:  # noqa: BLE001 - every failure is reported on the protocol
        traceback.print_exc(file=sys.stderr)
        channel.emit("error", code="worker-failed", message=f"{type(error).__name__}: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
