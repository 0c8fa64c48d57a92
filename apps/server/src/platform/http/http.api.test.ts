import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startTestSouk, type TestSouk } from '../../test/harness.js';

let souk: TestSouk;
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-web-'));

beforeAll(async () => {
  fs.mkdirSync(path.join(webDir, 'assets'));
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Souk</title>');
  fs.writeFileSync(path.join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
  souk = await startTestSouk({ config: { webDir } });
});
afterAll(async () => {
  await souk.stop();
  fs.rmSync(webDir, { recursive: true, force: true });
});

describe('HTTP platform', () => {
  it('answers the health check', async () => {
    const response = await souk.app.inject({ url: '/api/health' });
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('sends security headers on every response and no CORS headers', async () => {
    for (const url of ['/api/health', '/api/nope', '/', '/assets/app-1234.js']) {
      const response = await souk.app.inject({ url, headers: { origin: 'https://elsewhere.example' } });
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBeDefined();
      expect(response.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    expect((await souk.app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } })).headers['x-request-id']).toBe('abc-123');
    const made = (await souk.app.inject({ url: '/api/health', headers: { 'x-request-id': 'bad id!' } })).headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the web app: hashed assets cached for a year, the SPA for app paths, 404 for missing files', async () => {
    const asset = await souk.app.inject({ url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const page = await souk.app.inject({ url: '/me/edit' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    for (const url of ['/assets/gone-9999.js', '/api/nope', '/api/me/nothing-here']) {
      const response = await souk.app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('NOT_FOUND');
    }
  });

  it('refuses a cookie-authenticated write from another origin, or with no origin at all', async () => {
    const { cookie, token } = await signUp(souk);
    const write = (headers: Record<string, string>) =>
      souk.app.inject({ method: 'PATCH', url: '/api/me', headers, payload: { bio: 'changed' } });
    const foreign = await write({ cookie, origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('CROSS_SITE_REQUEST');
    expect((await write({ cookie, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await write({ cookie })).statusCode).toBe(403);
    expect((await write({ cookie, origin: 'http://localhost:80' })).statusCode).toBe(200);
    expect((await write({ cookie, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    // A Bearer token is no ambient credential: API clients need no Origin.
    expect((await write(bearer(token))).statusCode).toBe(200);
    expect((await souk.app.inject({ url: '/api/me', headers: bearer(token) })).json().bio).toBe('changed');
  });

  it('describes every route in OpenAPI 3.1, with problem responses', async () => {
    const spec = (await souk.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    for (const route of ['/api/auth/signup', '/api/auth/login', '/api/me', '/api/notifications']) {
      expect(spec.paths, route).toHaveProperty([route]);
    }
    const signup = spec.paths['/api/auth/signup'].post;
    expect(signup.requestBody.content['application/json'].schema.required).toEqual(['handle', 'displayName', 'password']);
    expect(Object.keys(signup.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '429']));
    expect((await souk.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });
});

describe('input the parsers refuse', () => {
  it('refuses U+0000 in JSON text on every database, a malformed URL and a truncated multipart body, all as 400 problems', async () => {
    const { token } = await signUp(souk);
    const nul = await souk.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"handle":"a\\u0000b","password":"x"}',
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().code).toBe('NUL_CHARACTER');

    const badUrl = await souk.app.inject({ url: '/api/users/%' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toContain('application/problem+json');
    expect(badUrl.json().code).toBe('BAD_URL');

    const truncated = await souk.app.inject({
      method: 'PUT',
      url: '/api/me/avatar',
      headers: { ...bearer(token), 'content-type': 'multipart/form-data; boundary=zzz' },
      payload: Buffer.from('--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc'),
    });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json().code).toBe('MALFORMED_MULTIPART');
  });
});
