// The workbench's entry: take the access token out of the URL, then render the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { captureAccessToken } from "./api/access-token.js";
import { App } from "./app.js";
import "./styles.css";

captureAccessToken();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
