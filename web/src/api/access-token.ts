// The access token a non-loopback server requires. `flywheel ui` prints
// `http://host:port/#token=...`: the fragment never reaches a server or a Referer, the
// token is kept for this tab only (sessionStorage), and the fragment is wiped from the
// address bar so it is not shown or bookmarked.

const KEY = "flywheel.accessToken";

/** Moves a `#token=` fragment into sessionStorage and clears it from the address bar. */
export function captureAccessToken(): void {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const token = fragment.get("token");
  if (token === null || token === "") return;
  sessionStorage.setItem(KEY, token);
  history.replaceState(history.state, "", window.location.pathname + window.location.search);
}

/** The token for this tab, if one was given. */
export function accessToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}
