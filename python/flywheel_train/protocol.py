"""JSON-lines protocol with the Node side: one message per line on stdout; commands on stdin."""

import json
import sys
import threading


class Channel:
    """Writes events to stdout and watches stdin for a cancel command (or its closing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.cancelled = threading.Event()
        self._out = sys.stdout
        # Libraries print progress bars and warnings; keep stdout for the protocol alone.
        sys.stdout = sys.stderr

    def emit(self, kind: str, **fields) -> None:
        line = json.dumps({"type": kind, **fields}, separators=(",", ":"))
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def read_request(self) -> dict:
        line = sys.stdin.readline()
        if not line:
            raise ValueError("no request on stdin")
        return json.loads(line)

    def watch_stdin(self) -> None:
        """Sets `cancelled` on a `cancel` command or when stdin closes (the parent went away)."""

        def run() -> None:
            for line in sys.stdin:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict) and message.get("type") == "cancel":
                    break
            self.cancelled.set()

        threading.Thread(target=run, name="stdin-watch", daemon=True).start()


class Cancelled(Exception):
    """Raised inside the training loop when a cancel was requested."""
