import { accessToken } from "./access-token.js";

/** An API error as the server reports it: `{ error: { message, code, hint } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint: string | undefined;
  constructor(options: { status: number; code: string; message: string; hint?: string }) {
    super(options.message);
    this.name = "ApiError";
    this.status = options.status;
    this.code = options.code;
    this.hint = options.hint;
  }
}

/** Headers every API call carries: JSON, and the access token when there is one. */
export function apiHeaders(json: boolean): Headers {
  const headers = new Headers();
  if (json) headers.set("content-type", "application/json");
  const token = accessToken();
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  return headers;
}

/** Turns a non-2xx response into an ApiError with the server's message. */
export async function failure(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = typeof body === "object" && body !== null && "error" in body ? (body as { error: { message?: string; code?: string; hint?: string } }).error : {};
  return new ApiError({
    status: response.status,
    code: error.code ?? `http-${response.status}`,
    message: error.message ?? `the server answered ${response.status} ${response.statusText}`,
    hint: error.hint,
  });
}

/** GET a JSON resource; query values that are undefined or empty are left out. */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== "") search.set(key, String(value));
  const url = search.size > 0 ? `${path}?${search.toString()}` : path;
  const response = await fetch(url, { headers: apiHeaders(false), signal });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** POST a JSON body and read the JSON answer. */
export async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { method: "POST", headers: apiHeaders(true), body: JSON.stringify(body), signal });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}
