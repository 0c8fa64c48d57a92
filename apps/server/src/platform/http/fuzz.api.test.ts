import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { signUp, startTestSouk, TEST_PASSWORD } from '../../test/harness.js';

/**
 * Property-based fuzzing of every route: random params, query strings,
 * bodies, content types and headers, with and without a real session. No
 * input may produce a 5xx, and every 4xx must be problem+json whose `status`
 * matches the HTTP status and whose `code` is a string.
 *
 * The routes come from the app's own OpenAPI document, plus the routes it
 * hides (the WebSocket and the document itself); a separate test checks
 * that list against Fastify's route table, so a new route cannot go unfuzzed.
 */

// Runs per route; SOUK_FUZZ_RUNS raises it for a longer local hunt.
const RUNS = Number(process.env.SOUK_FUZZ_RUNS ?? 300);
const ROUTE_TIMEOUT_MS = 120_000;
const SAME_ORIGIN = 'http://localhost:80'; // inject's default Host is localhost:80

type JsonSchema = {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface RouteSpec {
  method: string;
  /** OpenAPI form: /api/users/{handle} */
  path: string;
  params: OpenApiParameter[];
  query: OpenApiParameter[];
  body: JsonSchema | null;
}

const souk = await startTestSouk();
afterAll(async () => {
  await souk.stop();
});

// --- who is calling ---------------------------------------------------------

let ipCounter = 0;
/** A distinct client address per sign-up, so the per-IP sign-up limit never blocks the test's own setup. */
function nextIp(): string {
  ipCounter += 1;
  return `10.77.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

const member = await signUp(souk, { ip: nextIp() });
const admin = await signUp(souk, { ip: nextIp() });
await souk.platform.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.user.id).execute();
// Someone whose handle the fuzzer may look up, log in as (with the known password) or lock out.
const bystander = await signUp(souk, { ip: nextIp() });

/** Routes that can end the session they are called with; each run of these gets a fresh account. */
const SESSION_ENDING = new Set(['POST /api/auth/logout', 'POST /api/me/password', 'DELETE /api/me/sessions/{id}']);

const TINY_PNG = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#ff2442' } }).png().toBuffer();

// A stored file, so the media route is fuzzed on its found path too.
const avatarUpload = await souk.app.inject({
  method: 'PUT',
  url: '/api/me/avatar',
  headers: { authorization: `Bearer ${bystander.token}`, 'content-type': 'multipart/form-data; boundary=souk-setup' },
  payload: Buffer.concat([
    Buffer.from('--souk-setup\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'),
    TINY_PNG,
    Buffer.from('\r\n--souk-setup--\r\n'),
  ]),
});
const storedAvatar = /^\/api\/media\/([^/]+)\/([^/]+)$/.exec((avatarUpload.json() as { avatarUrl: string }).avatarUrl)!;

// --- the routes -------------------------------------------------------------

const openapiResponse = await souk.app.inject({ url: '/api/openapi.json' });
const openapi = openapiResponse.json() as { paths: Record<string, Record<string, OpenApiOperation>> };

function routesFromOpenApi(): RouteSpec[] {
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(openapi.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: content['application/json']?.schema ?? null,
      });
    }
  }
  return routes;
}

// Routes with `schema.hide` (which @fastify/websocket sets on `websocket: true`
// routes) are left out of the document but are just as reachable.
const MAYBE_HIDDEN_ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/api/ws',
    params: [],
    query: [{ name: 'token', in: 'query', required: false, schema: { type: 'string', maxLength: 200 } }],
    body: null,
  },
  { method: 'GET', path: '/api/openapi.json', params: [], query: [], body: null },
];

const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const documented = routesFromOpenApi();
const ROUTES = [...documented, ...MAYBE_HIDDEN_ROUTES.filter((hidden) => !documented.some((r) => routeKey(r) === routeKey(hidden)))];
const WS_ROUTE = ROUTES.find((route) => route.path === '/api/ws')!;

/** Fastify's route table, read from printRoutes() (the app is already built, so an onRoute hook is too late). */
function registeredRoutes(): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of souk.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) found.push({ method, path: path.replace(/:(\w+)/g, '{$1}') });
  }
  return found;
}

// --- generators -------------------------------------------------------------

/** Characters that break naive code: NUL, bidi overrides, BOM, lone surrogates, separators, quotes, emoji. */
const SPECIAL_CHARS = ['\u0000', '\u202e', '\ufeff', '\ud800', '\udc00', 'é', '😀', '\n', '\r', '\t', '"', "'", '\\', '%', '/', '.', '?', '#', '&', '=', '+', ';', ' ', '<', '>', '{', '['];
const char = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const nasty = (maxLength = 40) => fc.string({ unit: char, maxLength });
const weirdString = fc.oneof(
  { weight: 5, arbitrary: nasty() },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', '..', '.', '../../etc/passwd', '%', 'null', 'undefined', '0', '-1', '1e309', 'NaN', 'true', '[]', '{}', '__proto__', 'constructor', 'usr_00000000000000000000000000'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 150, max: 3000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);
/** Raw URL fragments, inserted unencoded: malformed percent-escapes, invalid UTF-8, traversal. */
const rawUrlFragment = fc.constantFrom('%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%00', '..', '%2e%2e', '%2F', 'a/b', 'é', '😀', '', ' ', '%20', '+');

/** Percent-encodes UTF-8 bytes; unlike encodeURIComponent it accepts lone surrogates. */
function enc(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * What a header value can be after a real HTTP parser: UTF-8 bytes read as
 * latin1, no control characters but tab, no surrounding whitespace. inject()
 * would pass anything, and a NUL in a header is not a request a server can get.
 */
function onTheWire(value: string): string {
  return Buffer.from(value, 'utf8')
    .toString('latin1')
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, '')
    .replace(/^[\t ]+|[\t ]+$/g, '');
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const knownUserIds = [member.user.id, admin.user.id, bystander.user.id];
/** Stands for the id of the session a request is made with; replaced when the request is built. */
const OWN_SESSION = 'ses_00000000000000000000000OWN';
const knownHandles = [member.user.handle, admin.user.handle, bystander.user.handle];
/** Values a field of this name should sometimes take, so requests reach past lookups into the services. */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.constantFrom(...knownUserIds, OWN_SESSION),
  handle: fc.constantFrom(...knownHandles, ...knownHandles.map((h) => h.toUpperCase())),
  password: fc.constant(TEST_PASSWORD),
  currentPassword: fc.constant(TEST_PASSWORD),
  // A cursor that decodes, carrying a hostile id, so the list query runs with it.
  cursor: weirdString.map((id) => Buffer.from(JSON.stringify([id])).toString('base64url')),
  folder: fc.constant(storedAvatar[1]!),
  file: fc.constantFrom(storedAvatar[2]!, storedAvatar[2]!.replace('-256.', '-64.'), storedAvatar[2]!.replace('.webp', '.png')),
  upTo: fc.oneof(weirdString, fc.constantFrom('ntf_00000000000000000000000000', 'ntf_ZZZZZZZZZZZZZZZZZZZZZZZZZZ')),
};

/** Values that satisfy the schema (mostly), so requests get past validation. */
function valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valid(s, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? 60, 400);
      return fc.oneof(
        { weight: 4, arbitrary: fc.string({ unit: char, minLength, maxLength: Math.max(minLength, Math.min(maxLength, 60)) }) },
        { weight: 1, arbitrary: fc.constant('x'.repeat(maxLength)) },
      );
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(valid(schema.items ?? {}, depth + 1), { maxLength: 4 });
    case 'object': {
      if (depth > 3 || !schema.properties) return fc.constant({});
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(schema.properties)) shape[name] = fuzzValue(property, name, depth + 1);
      return fc
        .tuple(
          fc.record(shape, { requiredKeys: schema.required ?? [] }),
          // Unknown fields now and then: more often and nothing would pass additionalProperties: false.
          fc.oneof({ weight: 6, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(weirdString, fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }) }),
        )
        .map(([known, extra]) => ({ ...extra, ...known }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value for a field: usually valid, sometimes a hint, sometimes anything at all. */
function fuzzValue(schema: JsonSchema, name: string, depth = 0): fc.Arbitrary<unknown> {
  const hint = HINTS[name];
  return fc.oneof(
    { weight: 7, arbitrary: valid(schema, depth) },
    ...(hint ? [{ weight: 2, arbitrary: hint }] : []),
    { weight: 1, arbitrary: weirdString },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

/** How the caller authenticates; resolved to real tokens when the request is built. */
type AuthMode =
  | 'none'
  | 'bearer'
  | 'cookie'
  | 'cookie+origin'
  | 'cookie+fetch-site'
  | 'query-token'
  | 'admin-bearer'
  | 'bearer-junk'
  | 'cookie-junk'
  | 'bearer+cookie-junk';
const authMode = fc.constantFrom<AuthMode>(
  'none',
  'bearer',
  'bearer',
  'cookie',
  'cookie+origin',
  'cookie+origin',
  'cookie+fetch-site',
  'query-token',
  'admin-bearer',
  'bearer-junk',
  'cookie-junk',
  'bearer+cookie-junk',
);

interface BodyCase {
  payload?: string | Buffer;
  contentType?: string;
}

function multipartBody(boundary: string, parts: Array<{ name: string; filename: string | null; type: string | null; data: Buffer }>, ending: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === null ? '' : `; filename="${part.filename}"`}`;
    const type = part.type === null ? '' : `\r\nContent-Type: ${part.type}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), part.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(ending));
  return Buffer.concat(chunks);
}

const multipartCase: fc.Arbitrary<BodyCase> = fc
  .record({
    boundary: fc.oneof(fc.constantFrom('souk-fuzz', '----x', 'a'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 70 })),
    parts: fc.array(
      fc.record({
        name: fc.oneof({ weight: 3, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: weirdString }),
        filename: fc.option(fc.oneof(fc.constantFrom('a.png', 'photo.jpg', '../../x.png'), weirdString)),
        type: fc.option(fc.constantFrom('image/png', 'image/jpeg', 'text/plain', 'application/octet-stream', '')),
        data: fc.oneof(
          fc.constant(TINY_PNG),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
          fc.nat({ max: TINY_PNG.length }).map((n) => TINY_PNG.subarray(0, n)),
        ),
      }),
      { maxLength: 3 },
    ),
    // Whether the declared boundary matches, is missing, or the body is cut short.
    shape: fc.constantFrom('ok', 'ok', 'ok', 'no-end', 'truncated', 'no-boundary-param', 'other-boundary', 'garbage'),
    garbage: nasty(80),
  })
  .map(({ boundary, parts, shape, garbage }) => {
    const declared = shape === 'no-boundary-param' ? 'multipart/form-data' : `multipart/form-data; boundary=${shape === 'other-boundary' ? 'zzz' : boundary}`;
    if (shape === 'garbage') return { contentType: declared, payload: garbage };
    const body = multipartBody(boundary, parts, shape === 'no-end' ? '' : `--${boundary}--\r\n`);
    return { contentType: declared, payload: shape === 'truncated' ? body.subarray(0, Math.floor(body.length / 2)) : body };
  });

function bodyCase(route: RouteSpec): fc.Arbitrary<BodyCase> {
  const json = (value: unknown): BodyCase => ({ payload: text(value), contentType: 'application/json' });
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<BodyCase>({}) },
    { weight: route.body ? 12 : 1, arbitrary: valid(route.body ?? { type: 'object' }).map(json) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
    {
      weight: 1,
      arbitrary: fc.anything({ maxDepth: 2, withBigInt: false, withNullPrototype: true, withSparseArray: true, withBoxedValues: true }).map(json),
    },
    {
      // Not JSON at all, under a content type that claims otherwise (or none that is supported).
      weight: 3,
      arbitrary: fc.record({
        payload: nasty(200),
        contentType: fc.oneof(
          fc.constantFrom(
            'application/json',
            'application/json; charset=utf-8',
            'application/json; charset=latin1',
            'APPLICATION/JSON',
            'application/problem+json',
            'text/plain',
            'text/plain; charset=utf-8',
            'application/x-www-form-urlencoded',
            'application/octet-stream',
            'multipart/form-data',
            '*/*',
            '',
          ),
          weirdString,
        ),
      }),
    },
    { weight: 1, arbitrary: nasty(100).map((payload): BodyCase => ({ payload })) },
    // Routes without a JSON body take uploads (the avatar), so they get more multipart.
    { weight: route.body ? 3 : 8, arbitrary: multipartCase },
    {
      // Over the body limit, as JSON or as text.
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom('application/json', 'text/plain'))
        .map(([extra, contentType]): BodyCase => ({ payload: `{"a":"${'x'.repeat(souk.config.bodyLimit + extra)}"}`, contentType })),
    },
  );
}

const pathSegment = (param: OpenApiParameter): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fuzzValue(param.schema ?? {}, param.name).map((value) => enc(text(value))) },
    { weight: 1, arbitrary: rawUrlFragment },
  );

function queryString(route: RouteSpec): fc.Arbitrary<string> {
  const known = route.query.map((param) =>
    fc.option(fuzzValue(param.schema ?? {}, param.name).map((value) => `${enc(param.name)}=${enc(text(value))}`), { freq: 2 }),
  );
  return fc
    .tuple(
      fc.tuple(...known),
      // Unknown and malformed parameters now and then, so most requests still pass validation.
      fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(weirdString, weirdString), { minLength: 1, maxLength: 2 }) }),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.oneof(rawUrlFragment, fc.constantFrom('&&&', '=', '==', 'a[b]=1', 'a=1&a=2', 'limit=1&limit=2', 'token=&token=x')) },
      ),
    )
    .map(([pairs, extra, raw]) => {
      const parts = [...pairs.filter((p): p is string => p !== null), ...extra.map(([k, v]) => `${enc(k)}=${enc(v)}`)];
      if (raw !== null) parts.push(raw);
      return parts.length > 0 ? `?${parts.join('&')}` : '';
    });
}

const extraHeaders = fc.record(
  {
    'user-agent': weirdString,
    'x-request-id': fc.oneof(weirdString, fc.constant('fuzz-request-1')),
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/problem+json', 'image/webp', ''),
    'accept-language': weirdString,
    'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', '*'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-unknown'),
    'x-forwarded-for': fc.oneof(fc.ipV4(), weirdString),
    'sec-fetch-site': fc.constantFrom('same-origin', 'same-site', 'cross-site', 'none', ''),
    origin: fc.oneof(fc.constant(SAME_ORIGIN), fc.webUrl(), weirdString),
    'if-none-match': weirdString,
    range: fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=5-2', 'bytes=abc'),
  },
  { requiredKeys: [] },
);

interface RequestCase {
  method: string;
  segments: string[];
  query: string;
  body: BodyCase;
  auth: AuthMode;
  junk: string;
  headers: Record<string, string>;
  remoteAddress: string;
}

function requestCase(route: RouteSpec): fc.Arbitrary<RequestCase> {
  return fc.record({
    // Fastify answers HEAD on every GET route by itself; those answers keep the contract too.
    method: route.method === 'GET' ? fc.constantFrom('GET', 'GET', 'GET', 'HEAD') : fc.constant(route.method),
    segments: fc.tuple(...route.params.map(pathSegment)),
    query: queryString(route),
    body: bodyCase(route),
    // Admin routes mostly as the admin, or the fuzzer would rarely get past the role check.
    auth: route.path.startsWith('/api/admin/') ? fc.oneof({ weight: 2, arbitrary: fc.constant<AuthMode>('admin-bearer') }, { weight: 1, arbitrary: authMode }) : authMode,
    junk: fc.oneof(weirdString, fc.base64String({ minLength: 20, maxLength: 60 })),
    headers: extraHeaders,
    remoteAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.constant('127.0.0.1')),
  });
}

// --- building, sending and checking ---------------------------------------

interface Session {
  token: string;
}

async function sessionFor(route: RouteSpec, admin_: boolean): Promise<Session> {
  if (SESSION_ENDING.has(routeKey(route))) return signUp(souk, { ip: nextIp() });
  return admin_ ? admin : member;
}

async function sessionId(session: Session): Promise<string> {
  const response = await souk.app.inject({ url: '/api/me/sessions', headers: { authorization: `Bearer ${session.token}` } });
  const items = (response.json() as { items: Array<{ id: string; current: boolean }> }).items;
  return items.find((item) => item.current)!.id;
}

async function build(route: RouteSpec, c: RequestCase): Promise<InjectOptions> {
  let index = 0;
  let url = route.path.replace(/\{\w+\}/g, () => c.segments[index++] ?? '');
  let query = c.query;
  const headers: Record<string, string> = { ...c.headers };
  const needsSession = !['none', 'bearer-junk', 'cookie-junk'].includes(c.auth);
  const session = needsSession ? await sessionFor(route, c.auth === 'admin-bearer') : null;
  if (session && url.includes(OWN_SESSION)) url = url.replace(OWN_SESSION, await sessionId(session));
  // The junk token is percent-encoded in a cookie: a raw ';' would only start another cookie.
  const junkCookie = `souk_session=${enc(c.junk)}`;
  switch (c.auth) {
    case 'bearer':
    case 'admin-bearer':
      headers.authorization = `Bearer ${session!.token}`;
      break;
    case 'cookie':
      headers.cookie = `souk_session=${session!.token}`;
      delete headers.origin;
      break;
    case 'cookie+origin':
      headers.cookie = `souk_session=${session!.token}`;
      headers.origin = SAME_ORIGIN;
      break;
    case 'cookie+fetch-site':
      headers.cookie = `souk_session=${session!.token}`;
      headers['sec-fetch-site'] = 'same-origin';
      delete headers.origin;
      break;
    case 'query-token':
      query = `${query}${query ? '&' : '?'}token=${session!.token}`;
      break;
    case 'bearer-junk':
      headers.authorization = `Bearer ${c.junk}`;
      break;
    case 'cookie-junk':
      headers.cookie = junkCookie;
      break;
    case 'bearer+cookie-junk':
      headers.authorization = `Bearer ${session!.token}`;
      headers.cookie = junkCookie;
      break;
    case 'none':
      break;
  }
  if (c.body.contentType !== undefined) headers['content-type'] = c.body.contentType;
  for (const [name, value] of Object.entries(headers)) headers[name] = onTheWire(value);
  url += query;
  return {
    method: c.method as InjectOptions['method'],
    url,
    headers,
    remoteAddress: c.remoteAddress,
    ...(c.body.payload !== undefined ? { payload: c.body.payload } : {}),
  };
}

/**
 * The error lines the server logged for one request, from the log lines
 * written since it was sent (clients choose x-request-id, so ids repeat).
 * The stack is what makes a 500 actionable.
 */
function errorLogs(requestId: string | undefined, since: number): string {
  const lines: string[] = [];
  for (const line of souk.logLines.slice(since)) {
    if (!requestId || !line.includes(requestId)) continue;
    const entry = JSON.parse(line) as { level: number; reqId?: string; msg?: string; err?: { type?: string; message?: string; code?: string; stack?: string } };
    if (entry.reqId !== requestId || entry.level < 50) continue;
    lines.push(`${entry.msg}: ${entry.err?.type} ${entry.err?.code ?? ''} ${entry.err?.message}\n${entry.err?.stack?.split('\n').slice(0, 8).join('\n')}`);
  }
  return lines.join('\n') || '(nothing logged)';
}

function describeRequest(options: InjectOptions): string {
  const payload = options.payload;
  const shown = typeof payload === 'string' || Buffer.isBuffer(payload) ? JSON.stringify(String(payload).slice(0, 300)) : '(none)';
  const headers = JSON.stringify(options.headers).slice(0, 600);
  return `${options.method} ${String(options.url).slice(0, 300)}\nheaders: ${headers}\nbody: ${shown}`;
}

/** The contract every answer keeps: no 5xx, and a 4xx is a problem document. */
function check(options: InjectOptions, response: LightMyRequestResponse, logsSince: number): void {
  const status = response.statusCode;
  const fail = (why: string) => {
    throw new Error(
      `${why}\n--- request\n${describeRequest(options)}\n--- response ${status} ${response.headers['content-type'] ?? '(no content-type)'}\n` +
        `${response.body.slice(0, 500)}\n--- server log\n${errorLogs(response.headers['x-request-id'] as string | undefined, logsSince)}`,
    );
  };
  if (status >= 500) fail(`answered ${status}`);
  if (status < 400) return;
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) fail(`a ${status} that is not application/problem+json`);
  if (options.method === 'HEAD') return;
  let body: { status?: unknown; code?: unknown };
  try {
    body = JSON.parse(response.body) as typeof body;
  } catch {
    return fail(`a ${status} whose body is not JSON`);
  }
  if (typeof body.code !== 'string') fail('a problem without a string `code`');
  if (body.status !== status) fail(`a problem whose status ${String(body.status)} is not the HTTP status`);
}

async function send(options: InjectOptions): Promise<LightMyRequestResponse> {
  const logsSince = souk.logLines.length;
  const response = await souk.app.inject(options);
  check(options, response, logsSince);
  return response;
}

// --- the properties ---------------------------------------------------------

describe('HTTP fuzzing', () => {
  it('knows every registered route (the OpenAPI document plus the hidden ones)', () => {
    const fuzzed = new Set(ROUTES.map(routeKey));
    const registered = registeredRoutes().filter((r) => r.method !== 'HEAD' && !r.path.startsWith('/api/docs'));
    expect(registered.length, 'could not read the route table from printRoutes()').toBeGreaterThan(5);
    // Compared by shape: where routes share a segment, Fastify prints every parameter name used there ({handle}|{id}).
    const shape = (key: string) => key.replace(/\{[^}]*\}(\|\{[^}]*\})*/g, '{}');
    const fuzzedShapes = new Set([...fuzzed].map(shape));
    const registeredShapes = new Set(registered.map((r) => shape(routeKey(r))));
    expect([...registeredShapes].filter((key) => !fuzzedShapes.has(key))).toEqual([]);
    expect([...fuzzedShapes].filter((key) => !registeredShapes.has(key))).toEqual([]);
  });

  for (const route of ROUTES) {
    it(
      `${routeKey(route)} never answers 5xx, and answers 4xx as problem+json`,
      async () => {
        const statuses = new Map<number, number>();
        await fc.assert(
          fc.asyncProperty(requestCase(route), async (c) => {
            const response = await send(await build(route, c));
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          }),
          { numRuns: RUNS },
        );
        // The fuzzer must get past authentication and validation, or it tested nothing.
        expect([...statuses.keys()].some((s) => s < 400 || ![400, 401, 403, 415].includes(s)), JSON.stringify([...statuses])).toBe(true);
        // The shared sessions still work, so later runs were authenticated as intended.
        for (const session of [member, admin]) {
          const me = await souk.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${session.token}` } });
          expect(me.statusCode, `${routeKey(route)} ended a shared session; add it to SESSION_ENDING`).toBe(200);
        }
      },
      ROUTE_TIMEOUT_MS,
    );
  }

  it(
    'answers 404 problem+json for unknown routes and unregistered methods',
    async () => {
      const firstSegments = new Set(ROUTES.map((r) => r.path.split('/')[2]).concat('docs'));
      const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
      // '.' and '..' are left out: the URL parser would resolve them onto real routes.
      const segment = weirdString.filter((s) => s !== '.' && s !== '..');
      const unknownPath = fc.oneof(
        // Under /api/, below a first segment no route uses.
        fc
          .array(segment, { minLength: 1, maxLength: 4 })
          .filter((segments) => segments[0] !== '' && !firstSegments.has(segments[0]!))
          .map((segments) => `/api/${segments.map(enc).join('/')}`),
        // Outside /api/ (no web build in tests, so no SPA fallback).
        fc.array(segment, { maxLength: 3 }).map((segments) => `/${segments.map(enc).join('/')}`).filter((p) => !p.startsWith('/api')),
      );
      const unknownRoute = fc.record({ method, path: unknownPath }).filter(({ method: m, path }) => !ROUTES.some((r) => r.method === m && r.path === path));
      // A known path under a method it was not registered for.
      const wrongMethod = fc
        .tuple(fc.constantFrom(...ROUTES.filter((r) => r.params.length === 0)), method)
        // …and not matched under that method by a route with a parameter there (DELETE /api/media/images is DELETE /api/media/{id}).
        .filter(([route, m]) => !ROUTES.some((r) => r.method === m && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(route.path)))
        .map(([route, m]) => ({ method: m, path: route.path }));

      await fc.assert(
        fc.asyncProperty(fc.oneof(unknownRoute, wrongMethod), authMode, async ({ method: m, path }, auth) => {
          const headers = auth === 'none' ? {} : { authorization: `Bearer ${member.token}` };
          const options: InjectOptions = { method: m as InjectOptions['method'], url: path, headers };
          const response = await send(options);
          if (response.statusCode !== 404 || response.json().code !== 'NOT_FOUND') {
            throw new Error(`expected 404 NOT_FOUND for ${m} ${path}, got ${response.statusCode} ${response.body.slice(0, 200)}`);
          }
        }),
        { numRuns: RUNS * 2 },
      );
    },
    ROUTE_TIMEOUT_MS,
  );

  it(
    'answers WebSocket upgrades with 101 or a 4xx, never a 5xx',
    async () => {
      const upgrade = fc.record({
        path: fc.oneof(
          { weight: 4, arbitrary: queryString(WS_ROUTE).map((q) => `/api/ws${q}`) },
          { weight: 1, arbitrary: fc.constantFrom(...ROUTES.filter((r) => r.method === 'GET' && r.params.length === 0).map((r) => r.path)) },
        ),
        auth: authMode,
        junk: weirdString,
        origin: fc.option(fc.oneof(fc.constant(SAME_ORIGIN), fc.webUrl(), weirdString)),
      });
      const outcomes = new Set<number>();
      await fc.assert(
        fc.asyncProperty(upgrade, async ({ path, auth, junk, origin }) => {
          const headers: Record<string, string> = { host: 'localhost:80' };
          let url = path;
          if (auth === 'bearer' || auth === 'admin-bearer' || auth === 'bearer+cookie-junk') headers.authorization = `Bearer ${member.token}`;
          if (auth.startsWith('cookie+') || auth === 'cookie') headers.cookie = `souk_session=${member.token}`;
          if (auth === 'cookie+origin') headers.origin = SAME_ORIGIN;
          if (auth === 'cookie+fetch-site') headers['sec-fetch-site'] = 'same-origin';
          if (auth === 'bearer-junk') headers.authorization = `Bearer ${junk}`;
          if (auth.endsWith('cookie-junk')) headers.cookie = `souk_session=${enc(junk)}`;
          if (auth === 'query-token') url += `${url.includes('?') ? '&' : '?'}token=${member.token}`;
          if (origin !== null && auth !== 'cookie+origin') headers.origin = origin;
          for (const [name, value] of Object.entries(headers)) headers[name] = onTheWire(value);

          let timer: NodeJS.Timeout | undefined;
          const outcome = await Promise.race([
            souk.app.injectWS(url, { headers }).then(
              (socket) => {
                socket.terminate();
                return 101;
              },
              (error: Error) => Number(/Unexpected server response: (\d+)/.exec(error.message)?.[1] ?? NaN),
            ),
            new Promise<number>((resolve) => (timer = setTimeout(() => resolve(0), 5000))),
          ]);
          clearTimeout(timer);
          outcomes.add(outcome);
          if (outcome !== 101 && !(outcome >= 400 && outcome < 500)) {
            throw new Error(`upgrade of ${url} with ${JSON.stringify(headers).slice(0, 300)} gave ${outcome === 0 ? 'no answer in 5 s' : outcome}`);
          }
        }),
        { numRuns: RUNS },
      );
      // Both sides were exercised: sockets opened, and upgrades refused.
      expect(outcomes.has(101), JSON.stringify([...outcomes])).toBe(true);
      expect([...outcomes].some((s) => s >= 400), JSON.stringify([...outcomes])).toBe(true);
    },
    ROUTE_TIMEOUT_MS,
  );
});
