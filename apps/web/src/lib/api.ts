import type { Problem } from '@souk/contracts';

export type FieldError = NonNullable<Problem['errors']>[number];

/** An API failure, carrying the problem+json `code` that the UI branches on. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];

  constructor(status: number, code: string, detail?: string, errors: FieldError[] = []) {
    super(detail ?? code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }
}

/** Status 0: the request never got an HTTP answer (offline, DNS, aborted connection). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

type Body = FormData | object | undefined;

let onUnauthenticated: (() => void) | undefined;

/** Lets the session drop to signed-out when any call finds the session gone. */
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

interface RequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
  /** The request must outlive the page (sent while it is being hidden or closed); bodies up to 64 KiB. */
  keepalive?: boolean;
}

async function request<T>(method: string, path: string, body?: Body, { signal, headers: extraHeaders, keepalive = false }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body; // the browser sets the multipart boundary
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }

  let response: Response;
  try {
    // Relative URLs and same-origin credentials only: the server refuses
    // cookie-authenticated writes from any other origin.
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: signal ?? null, keepalive });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, NETWORK_ERROR);
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  if (/json/.test(response.headers.get('content-type') ?? '')) {
    problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
  }
  return problemError(response.status, problem);
}

/** The ApiError for a failed response's parsed problem body (also used by uploads, which go through XHR). */
export function problemError(status: number, problem: Partial<Problem>): ApiError {
  const code = problem.code ?? `HTTP_${status}`;
  if (code === 'UNAUTHENTICATED') onUnauthenticated?.();
  return new ApiError(status, code, problem.detail, problem.errors ?? []);
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, { signal }),
  /** `headers` for the few calls that need one, e.g. a money-moving POST's Idempotency-Key. */
  post: <T>(path: string, body?: Body, headers?: Record<string, string>, options: { keepalive?: boolean } = {}) =>
    request<T>('POST', path, body, { headers, ...options }),
  patch: <T>(path: string, body: Body) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: Body) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds `path?key=value` from the defined entries only. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
