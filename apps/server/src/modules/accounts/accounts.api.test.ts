import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startTestSouk, TEST_PASSWORD, uniqueHandle, type TestSouk } from '../../test/harness.js';

let souk: TestSouk;

beforeAll(async () => {
  souk = await startTestSouk();
});
afterAll(async () => {
  await souk.stop();
});

function multipart(field: string, filename: string, contentType: string, data: Buffer) {
  const boundary = '----souktest' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('sign-up and log-in', () => {
  it('signs up, returns the user and a token, and sets an HttpOnly SameSite cookie', async () => {
    const handle = uniqueHandle('alice');
    const response = await souk.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { handle, displayName: '爱丽丝 Alice', password: TEST_PASSWORD, locale: 'zh-CN' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ handle, displayName: '爱丽丝 Alice', role: 'user', verified: false, locale: 'zh-CN', avatarUrl: null });
    expect(body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain(`souk_session=${body.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('refuses a taken handle with 409, case-insensitively', async () => {
    const handle = uniqueHandle('Bob');
    await signUp(souk, { handle });
    const response = await souk.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { handle: handle.toLowerCase(), displayName: 'Other Bob', password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 409, code: 'HANDLE_TAKEN' });
  });

  it('lets exactly one of many concurrent sign-ups for one handle win', async () => {
    const handle = uniqueHandle('race');
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        souk.app.inject({
          method: 'POST',
          url: '/api/auth/signup',
          remoteAddress: `10.9.0.${i}`,
          payload: { handle, displayName: `Racer ${i}`, password: TEST_PASSWORD },
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(7);
  });

  it('logs in with the right password and refuses a wrong one with 401', async () => {
    const { user } = await signUp(souk);
    const ok = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: user.handle.toUpperCase(), password: TEST_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(user.id);

    const wrong = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: user.handle, password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');

    const unknown = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: 'nobody_here', password: 'whatever1' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses bodies that are malformed, mistyped, incomplete or carry unknown fields, and changes nothing', async () => {
    const before = await souk.accounts.userCount();
    const cases: Array<{ payload: string; code: string }> = [
      { payload: '{"handle": "x', code: 'MALFORMED_JSON' },
      { payload: JSON.stringify({ handle: 'valid_name', displayName: 'V', password: 12345678 }), code: 'VALIDATION_FAILED' },
      { payload: JSON.stringify({ handle: 'valid_name', password: TEST_PASSWORD }), code: 'VALIDATION_FAILED' },
      { payload: JSON.stringify({ handle: 'valid_name', displayName: 'V', password: TEST_PASSWORD, role: 'admin' }), code: 'VALIDATION_FAILED' },
      { payload: JSON.stringify({ handle: 'bad handle!', displayName: 'V', password: TEST_PASSWORD }), code: 'VALIDATION_FAILED' },
      { payload: JSON.stringify({ handle: 'valid_name', displayName: '\u202Eevil', password: TEST_PASSWORD }), code: 'INVALID_DISPLAY_NAME' },
      { payload: JSON.stringify({ handle: 'valid_name', displayName: '   ', password: TEST_PASSWORD }), code: 'INVALID_DISPLAY_NAME' },
      { payload: '[]', code: 'VALIDATION_FAILED' },
    ];
    for (const { payload, code } of cases) {
      const response = await souk.app.inject({ method: 'POST', url: '/api/auth/signup', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code, payload).toBe(code);
    }
    expect(await souk.accounts.userCount()).toBe(before);
  });

  it('answers 413 for a body over the documented limit', async () => {
    const response = await souk.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ handle: 'a', password: 'x'.repeat(souk.config.bodyLimit + 10) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('sessions', () => {
  it('authenticates GET /api/me by Bearer token and by cookie, and 401s otherwise', async () => {
    const { user, token, cookie } = await signUp(souk);
    const byBearer = await souk.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(byBearer.statusCode).toBe(200);
    expect(byBearer.json().id).toBe(user.id);
    const byCookie = await souk.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(byCookie.json().id).toBe(user.id);

    for (const headers of [{}, bearer('not-a-real-token-at-all-1234567890'), { cookie: 'souk_session=forged' }]) {
      const response = await souk.app.inject({ method: 'GET', url: '/api/me', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('ends the session on log-out', async () => {
    const { token } = await signUp(souk);
    const out = await souk.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('souk_session=;');
    const me = await souk.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(me.statusCode).toBe(401);
  });

  it('expires a session after SOUK_SESSION_DAYS without use', async () => {
    const { ManualClock } = await import('../../platform/clock.js');
    const clock = new ManualClock(new Date());
    const local = await startTestSouk({ clock, config: { sessionDays: 1 } });
    try {
      const { token } = await signUp(local);
      expect((await local.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
      clock.advance(25 * 3600_000);
      expect((await local.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
      expect(await local.accounts.deleteExpiredSessions()).toBe(1);
      expect(await local.accounts.deleteExpiredSessions()).toBe(0);
    } finally {
      await local.stop();
    }
  });

  it('changes the password, revoking every other session but the current one', async () => {
    const { user, token } = await signUp(souk);
    const other = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: user.handle, password: TEST_PASSWORD } });
    const otherToken = other.json().token as string;

    const wrong = await souk.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: bearer(token),
      payload: { currentPassword: 'nope-nope', newPassword: 'a brand new secret' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('WRONG_PASSWORD');

    const changed = await souk.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: bearer(token),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new secret' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await souk.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    expect((await souk.app.inject({ url: '/api/me', headers: bearer(otherToken) })).statusCode).toBe(401);
    const oldLogin = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: user.handle, password: TEST_PASSWORD } });
    expect(oldLogin.statusCode).toBe(401);
    const newLogin = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: user.handle, password: 'a brand new secret' } });
    expect(newLogin.statusCode).toBe(200);
  });

  it('lists sessions and signs out another device', async () => {
    const { user, token } = await signUp(souk);
    const other = await souk.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': 'SoukTest/2.0 (phone)' },
      payload: { handle: user.handle, password: TEST_PASSWORD },
    });
    const list = await souk.app.inject({ url: '/api/me/sessions', headers: bearer(token) });
    const items = list.json().items as Array<{ id: string; current: boolean; userAgent: string | null }>;
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const phone = items.find((s) => s.userAgent === 'SoukTest/2.0 (phone)')!;
    expect((await souk.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phone.id}`, headers: bearer(token) })).statusCode).toBe(204);
    expect((await souk.app.inject({ url: '/api/me', headers: bearer(other.json().token) })).statusCode).toBe(401);
    const again = await souk.app.inject({ method: 'DELETE', url: `/api/me/sessions/${phone.id}`, headers: bearer(token) });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('SESSION_NOT_FOUND');
  });

  it('never writes a session token into the logs', async () => {
    const { token } = await signUp(souk);
    await souk.app.inject({ url: '/api/me', headers: bearer(token) });
    await souk.app.inject({ url: `/api/ws?token=${token}` });
    await souk.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `souk_session=${token}`, origin: 'http://localhost:80' } });
    expect(souk.logLines.length).toBeGreaterThan(0);
    expect(souk.logLines.join('\n')).not.toContain(token);
  });
});

describe('profile', () => {
  it('edits display name in any script, bio and locale', async () => {
    const { token } = await signUp(souk);
    const response = await souk.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: bearer(token),
      payload: { displayName: '  李小龙 🐉 ', bio: "L'été à Paris, c'était génial.", locale: 'fr' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ displayName: '李小龙 🐉', bio: "L'été à Paris, c'était génial.", locale: 'fr' });
    const cleared = await souk.app.inject({ method: 'PATCH', url: '/api/me', headers: bearer(token), payload: { locale: null } });
    expect(cleared.json().locale).toBeNull();
  });

  it('refuses an empty patch, unknown fields, bad locales and over-long values', async () => {
    const { token } = await signUp(souk);
    for (const payload of [{}, { role: 'admin' }, { locale: 'de' }, { bio: 'x'.repeat(301) }, { displayName: 5 }]) {
      const response = await souk.app.inject({ method: 'PATCH', url: '/api/me', headers: bearer(token), payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('shows a public profile by handle', async () => {
    const { user } = await signUp(souk, { displayName: 'Zoé' });
    const response = await souk.app.inject({ url: `/api/users/${user.handle}` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: user.id, displayName: 'Zoé' });
    expect(response.json()).not.toHaveProperty('locale');
    expect((await souk.app.inject({ url: '/api/users/nobody_at_all' })).json().code).toBe('USER_NOT_FOUND');
  });
});

describe('avatar upload', () => {
  it('re-encodes an image to WebP, strips its metadata and serves it with long cache headers', async () => {
    const { token } = await signUp(souk);
    const jpeg = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#ff2442' } })
      .jpeg()
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-camera-owner' }, GPS: { GPSLatitudeRef: 'N' } } as never })
      .toBuffer();
    expect(jpeg.includes(Buffer.from('secret-camera-owner'))).toBe(true);

    const upload = multipart('file', 'photo.txt', 'text/plain', jpeg);
    const response = await souk.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: { ...bearer(token), ...upload.headers }, payload: upload.payload });
    expect(response.statusCode).toBe(200);
    const avatarUrl = response.json().avatarUrl as string;
    expect(avatarUrl).toMatch(/^\/api\/media\/avatars\/med_[0-9A-Z]{26}-256\.webp$/);

    const image = await souk.app.inject({ url: avatarUrl });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    expect(image.headers['cache-control']).toContain('immutable');
    const meta = await sharp(image.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(image.rawPayload.includes(Buffer.from('secret-camera-owner'))).toBe(false);

    const removed = await souk.app.inject({ method: 'DELETE', url: '/api/me/avatar', headers: bearer(token) });
    expect(removed.json().avatarUrl).toBeNull();
    expect((await souk.app.inject({ url: avatarUrl })).statusCode).toBe(404);
  });

  it('refuses a file that is not an image by its bytes, whatever its name says (415)', async () => {
    const { token } = await signUp(souk);
    const upload = multipart('file', 'cat.png', 'image/png', Buffer.from('<?php echo "not an image"; ?>'));
    const response = await souk.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: { ...bearer(token), ...upload.headers }, payload: upload.payload });
    expect(response.statusCode).toBe(415);
    expect(response.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await souk.app.inject({ url: '/api/me', headers: bearer(token) })).json().avatarUrl).toBeNull();
  });

  it('refuses a JSON body (415), a missing file field (400) and a file over the limit (413)', async () => {
    const local = await startTestSouk({ config: { avatarMaxBytes: 2048 } });
    try {
      const { token } = await signUp(local);
      const json = await local.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: bearer(token), payload: { file: 'x' } });
      expect(json.statusCode).toBe(415);
      const wrongField = multipart('picture', 'a.png', 'image/png', Buffer.from('x'));
      const missing = await local.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: { ...bearer(token), ...wrongField.headers }, payload: wrongField.payload });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().code).toBe('FILE_REQUIRED');
      const big = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#123456' } }).png({ compressionLevel: 0 }).toBuffer();
      const tooBig = multipart('file', 'big.png', 'image/png', big);
      const response = await local.app.inject({ method: 'PUT', url: '/api/me/avatar', headers: { ...bearer(token), ...tooBig.headers }, payload: tooBig.payload });
      expect(response.statusCode).toBe(413);
      expect(response.json().code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await local.stop();
    }
  });
});

describe('roles and the verified badge', () => {
  it('lets an admin grant a role and the verified badge, and nobody else', async () => {
    const admin = await signUp(souk);
    const adminId = admin.user.id;
    await souk.platform.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', adminId).execute();
    const creator = await signUp(souk);

    const denied = await souk.app.inject({ method: 'PATCH', url: `/api/admin/users/${adminId}`, headers: bearer(creator.token), payload: { verified: true } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('FORBIDDEN');

    const granted = await souk.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${creator.user.id}`,
      headers: bearer(admin.token),
      payload: { role: 'creator', verified: true },
    });
    expect(granted.statusCode).toBe(200);
    expect(granted.json()).toMatchObject({ role: 'creator', verified: true });

    const self = await souk.app.inject({ method: 'PATCH', url: `/api/admin/users/${adminId}`, headers: bearer(admin.token), payload: { role: 'user' } });
    expect(self.json().code).toBe('CANNOT_CHANGE_OWN_ROLE');
    const badRole = await souk.app.inject({ method: 'PATCH', url: `/api/admin/users/${creator.user.id}`, headers: bearer(admin.token), payload: { role: 'king' } });
    expect(badRole.statusCode).toBe(400);
    const unknown = await souk.app.inject({ method: 'PATCH', url: '/api/admin/users/usr_00000000000000000000000000', headers: bearer(admin.token), payload: { verified: true } });
    expect(unknown.statusCode).toBe(404);
  });

  it('applies a role change to open sessions at once, despite the session cache', async () => {
    const admin = await signUp(souk);
    await souk.platform.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.user.id).execute();
    const member = await signUp(souk);
    const tryAdminRoute = () =>
      souk.app.inject({ method: 'PATCH', url: `/api/admin/users/${admin.user.id}`, headers: bearer(member.token), payload: { verified: true } });
    expect((await tryAdminRoute()).statusCode).toBe(403); // the member's session is now cached as a plain user

    const promote = (role: string) =>
      souk.app.inject({ method: 'PATCH', url: `/api/admin/users/${member.user.id}`, headers: bearer(admin.token), payload: { role } });
    expect((await promote('admin')).statusCode).toBe(200);
    expect((await tryAdminRoute()).statusCode).toBe(200);
    expect((await promote('user')).statusCode).toBe(200);
    expect((await tryAdminRoute()).statusCode).toBe(403);
  });
});

describe('rate limits', () => {
  it('limits sign-ups per IP', async () => {
    const local = await startTestSouk({ config: { rateLimits: { signupPerIpPerHour: 3, loginPerIpPerMinute: 100, loginFailuresPerAccountPer15Min: 100 } } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await local.app.inject({
          method: 'POST',
          url: '/api/auth/signup',
          remoteAddress: '203.0.113.7',
          payload: { handle: uniqueHandle('rl'), displayName: 'RL', password: TEST_PASSWORD },
        });
        codes.push(response.statusCode);
        if (response.statusCode === 429) {
          expect(response.json().code).toBe('RATE_LIMITED');
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(codes).toEqual([201, 201, 201, 429, 429]);
    } finally {
      await local.stop();
    }
  });

  it('limits failed log-ins per account, from any IP, and per IP', async () => {
    const local = await startTestSouk({ config: { rateLimits: { signupPerIpPerHour: 100, loginPerIpPerMinute: 6, loginFailuresPerAccountPer15Min: 3 } } });
    try {
      const { user } = await signUp(local);
      const attempt = (ip: string, password: string) =>
        local.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { handle: user.handle, password } });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await attempt(`198.51.100.${i}`, 'wrong password')).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      // Even the right password waits out the lock: a guesser cannot tell when they hit it.
      expect((await attempt('198.51.100.99', TEST_PASSWORD)).statusCode).toBe(429);

      const { user: other } = await signUp(local);
      const ipCodes = [];
      for (let i = 0; i < 8; i++) {
        const response = await local.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.0.2.50', payload: { handle: other.handle, password: TEST_PASSWORD } });
        ipCodes.push(response.statusCode);
      }
      expect(ipCodes.slice(0, 6).every((c) => c === 200)).toBe(true);
      expect(ipCodes.slice(6)).toEqual([429, 429]);
    } finally {
      await local.stop();
    }
  });
});
