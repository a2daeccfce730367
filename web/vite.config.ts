// Builds the workbench into web/dist, which the server serves. `vite web` runs a dev
// server that forwards /api and /v1 to a running `flywheel ui` (FLYWHEEL_UI_URL).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.FLYWHEEL_UI_URL ?? "http://127.0.0.1:4141";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 400, reportCompressedSize: false },
  server: { proxy: { "/api": api, "/v1": api } },
});
