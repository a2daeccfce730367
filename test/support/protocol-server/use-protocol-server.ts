import { afterAll, beforeAll } from "vitest";
import { startProtocolServer } from "./protocol-server.js";
import type { ProtocolServer } from "./protocol-server.js";

/** Starts one protocol server for the test file (handed to `onStart`) and closes it after the file's last test. */
export function useProtocolServer(onStart: (server: ProtocolServer) => void): void {
  let started: ProtocolServer | undefined;
  beforeAll(async () => {
    started = await startProtocolServer();
    onStart(started);
  });
  afterAll(async () => {
    await started?.close();
  });
}
