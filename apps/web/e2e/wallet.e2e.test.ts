import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, phoneContext } from './browser.js';
import { skipBrowserTests, useBrowserFixture } from './fixture.js';

const PASSWORD = 'correct horse battery';
const PIN = '246810';
const NOTE = 'Dumplings 🥟';
/** A real PIX code (Brazil) from the shared EMVCo examples: readable, not payable by Souk. */
const PIX_CODE =
  '00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.005802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63040DC6';

describe.skipIf(skipBrowserTests)('wallet on phones', () => {
  const fx = useBrowserFixture('wallet');

  it('sets a PIN, tops up, sends money, reads the history, pays a receive code by the scan screen, and opens a red packet', async () => {
    const suffix = Date.now().toString(36);
    const payerHandle = `ana_${suffix}`;
    const friendHandle = `liwei_${suffix}`;

    const payer = await (await phoneContext(fx.browser, fx.server.baseUrl)).newPage();
    const friend = await (await phoneContext(fx.browser, fx.server.baseUrl, 'zh-CN')).newPage();
    // Screenshots show screens at rest, not halfway through an animation.
    await payer.emulateMedia({ reducedMotion: 'reduce' });
    await friend.emulateMedia({ reducedMotion: 'reduce' });
    await signUp(payer, payerHandle, 'Ana');
    await signUp(friend, friendHandle, '李伟');

    // The wallet is reached from Me; a new wallet is empty and asks for a PIN.
    await payer.getByTestId('wallet-link').click();
    await expectText(payer, 'balance-CNY', 'CN¥0.00');
    await payer.getByTestId('pin-banner').click();
    await payer.getByTestId('pin-new').fill(PIN);
    await payer.getByTestId('pin-repeat').fill('246811');
    await payer.getByTestId('pin-password').fill(PASSWORD);
    await payer.getByTestId('pin-save').click();
    await expectText(payer, 'pin-screen', 'The two PINs are different');
    await payer.getByTestId('pin-repeat').fill(PIN);
    await payer.getByTestId('pin-save').click();
    await payer.getByTestId('pin-saved').waitFor();

    // Top up 500: pending at first, then confirmed by the sandbox bank.
    await payer.goto('/wallet/topup');
    await payer.getByTestId('funding-amount').fill('500');
    await expectText(payer, 'topup-screen', 'CN¥500.00');
    await payer.getByTestId('funding-submit').click();
    await payer.locator('[data-testid="funding-status"][data-status="succeeded"]').waitFor();
    await fx.shot(payer, 'en-topped-up');
    await payer.getByTestId('back-to-wallet').click();
    await expectText(payer, 'balance-CNY', 'CN¥500.00');

    // The friend watches their wallet: money sent to them arrives without a reload.
    await friend.goto('/wallet');
    await expectText(friend, 'balance-CNY', '¥0.00');
    await friend.locator('.app[data-realtime="open"]').waitFor();

    // Under the PIN threshold (200.00 by default) a transfer needs no PIN.
    await payer.getByTestId('action-send').click();
    await payer.getByTestId('send-to').fill(`@${friendHandle}`);
    await payer.getByTestId('send-amount').fill('12,5');
    await payer.getByTestId('send-note').fill(NOTE);
    await expectText(payer, 'send-submit', 'Send CN¥12.50');
    await fx.shot(payer, 'en-send');
    await payer.getByTestId('send-submit').click();
    await expectText(payer, 'send-result', 'Sent to 李伟');
    await expectText(friend, 'balance-CNY', '¥12.50');
    await expectText(friend, 'transaction-row', 'Ana');

    // Above it the PIN is asked for; a wrong one keeps the sheet open.
    await payer.getByRole('button', { name: 'Send more' }).click();
    await payer.getByTestId('send-amount').fill('300.00');
    await payer.getByTestId('send-submit').click();
    await payer.getByTestId('pin-sheet').waitFor();
    await fx.shot(payer, 'en-pin-sheet');
    await payer.getByTestId('pin-input').fill('135790');
    await expectText(payer, 'pin-error', 'Wrong PIN');
    await payer.getByTestId('pin-input').fill(PIN);
    await expectText(payer, 'send-result', 'CN¥300.00');
    await expectText(friend, 'balance-CNY', '¥312.50');
    await fx.shot(friend, 'zh-wallet-received');

    // History: both transfers, newest first, with the note.
    await payer.goto('/wallet');
    await expectText(payer, 'balance-CNY', 'CN¥187.50');
    await payer.getByTestId('history-link').click();
    const rows = payer.getByTestId('history-list').getByTestId('transaction-row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).getByTestId('transaction-amount').textContent()).toBe('-CN¥300.00');
    expect(await rows.nth(1).textContent()).toContain(NOTE);
    expect(await rows.nth(2).getByTestId('transaction-amount').textContent()).toBe('+CN¥500.00');
    expect(await payer.getByTestId('history-csv').getAttribute('href')).toBe('/api/wallet/transactions.csv');
    await fx.shot(payer, 'en-history');

    // The friend shows their receive code and keeps the till open to watch payments arrive.
    await friend.goto('/wallet/receive');
    const qr = friend.getByTestId('receive-qr');
    await qr.waitFor();
    const payload = await qr.getAttribute('data-payload');
    expect(payload).toMatch(/^000201/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await fx.shot(friend, 'zh-receive');
    await friend.goto('/wallet/till');
    await friend.getByTestId('till-collected').waitFor();

    // Another network's code is read and shown, but cannot be paid.
    await payer.goto('/wallet/scan');
    await payer.getByTestId('scan-paste').fill(PIX_CODE);
    await payer.getByTestId('scan-read').click();
    await expectText(payer, 'code-network', 'PIX');
    await expectText(payer, 'code-merchant', 'THALES OGLIARI');
    await payer.getByTestId('not-payable').waitFor();
    await fx.shot(payer, 'en-scan-pix');

    // The friend's Souk code is paid through the paste field, with the PIN.
    await payer.getByTestId('scan-again').click();
    await payer.getByTestId('scan-paste').fill(payload!);
    await payer.getByTestId('scan-read').click();
    await expectText(payer, 'code-network', 'Souk');
    await expectText(payer, 'code-merchant', '李伟');
    await payer.getByTestId('pay-amount').fill('8.80');
    await fx.shot(payer, 'en-scan-souk');
    await payer.getByTestId('pay-submit').click();
    await payer.getByTestId('pin-input').fill(PIN);
    await expectText(payer, 'payment-result', 'CN¥8.80');
    await expectText(friend, 'till-payment', 'Ana');
    await expectText(friend, 'till-payment-amount', '¥8.80');
    await fx.shot(friend, 'zh-till');

    // The printable forms of the code are served.
    const poster = await friend.getByTestId('till-poster').getAttribute('href');
    expect((await friend.request.get(poster!)).headers()['content-type']).toContain('application/pdf');

    // A per-sale code carries its amount: the payer only confirms, and the till marks it paid.
    await friend.getByTestId('dynamic-amount').fill('5');
    await friend.getByTestId('dynamic-submit').click();
    const salePayload = await friend.getByTestId('dynamic-qr').getAttribute('data-payload');
    await payer.getByTestId('scan-again').click();
    await payer.getByTestId('scan-paste').fill(salePayload!);
    await payer.getByTestId('scan-read').click();
    await expectText(payer, 'code-amount', 'CN¥5.00');
    expect(await payer.getByTestId('pay-amount').count()).toBe(0);
    await payer.getByTestId('pay-submit').click();
    await payer.getByTestId('pin-input').fill(PIN);
    await expectText(payer, 'payment-result', 'CN¥5.00');
    await friend.getByTestId('dynamic-code-paid').waitFor();

    // The payer's pay code, made in the browser, is charged at the friend's till.
    await payer.goto('/wallet/paycode');
    await payer.getByTestId('paycode-enable').click();
    await payer.getByTestId('pin-input').fill(PIN);
    await payer.locator('[data-testid="paycode-digits"][data-code]').waitFor();
    const payCode = await payer.getByTestId('paycode-digits').getAttribute('data-code');
    expect(payCode).toMatch(/^\d{18}$/);
    await fx.shot(payer, 'en-paycode');
    await friend.getByTestId('dynamic-new').click();
    await friend.getByTestId('till-mode-charge').check();
    await friend.getByTestId('charge-amount').fill('6.60');
    await friend.getByTestId('charge-code').fill(payCode!);
    await friend.getByTestId('charge-submit').click();
    await expectText(friend, 'till-payment-amount', '¥6.60');
    await expectText(friend, 'till-collected', '¥20.40');

    // A partial refund of that charge.
    await friend.getByTestId('till-payment').filter({ hasText: '¥6.60' }).getByTestId('refund-button').click();
    await friend.getByTestId('refund-amount').fill('1.6');
    await friend.getByTestId('refund-submit').click();
    await expectText(friend, 'till-refunded', '¥1.60');
    await expectText(friend, 'till-collected', '¥18.80');

    // A lucky red packet for two, opened by the friend from its link.
    await payer.goto('/wallet/red-packets/new');
    await payer.getByTestId('red-count').fill('2');
    await payer.getByTestId('red-amount').fill('10');
    await payer.getByTestId('red-message').fill('新年快乐!');
    await expectText(payer, 'red-total', 'CN¥10.00');
    await fx.shot(payer, 'en-red-packet-new');
    await payer.getByTestId('red-submit').click();
    await payer.getByTestId('envelope').waitFor();
    const packetPath = new URL(payer.url()).pathname;
    expect(packetPath).toMatch(/^\/red\//);
    await expectText(payer, 'envelope-message', '新年快乐!');

    await friend.goto(packetPath);
    await fx.shot(friend, 'zh-red-packet-closed');
    await friend.getByTestId('open-red-packet').click();
    const share = await friend.getByTestId('my-share').textContent();
    expect(share).toMatch(/^¥\d+\.\d\d$/);
    await expectText(friend, 'red-share', '李伟');
    await fx.shot(friend, 'zh-red-packet-opened');
    // The payer's copy of the packet shows who took what once reloaded.
    await payer.reload();
    await expectText(payer, 'red-share', '李伟');

    // The same wallet in French: amounts follow the language's conventions.
    await payer.goto('/me');
    await payer.getByTestId('language-fr').check();
    await payer.goto('/wallet');
    await expectText(payer, 'balance-CNY', '158,70');
    await fx.shot(payer, 'fr-wallet');
    await payer.goto('/wallet/send');
    await payer.getByTestId('send-amount').fill('3,2');
    await expectText(payer, 'send-submit', 'Envoyer 3,20');
    await fx.shot(payer, 'fr-send');
    await payer.goto('/wallet/history');
    await payer.getByTestId('history-list').waitFor();
    await fx.shot(payer, 'fr-history');
    await friend.goto('/wallet');
    await expectText(friend, 'balance-CNY', '¥');
    await friend.getByTestId('transaction-row').first().waitFor();
    await fx.shot(friend, 'zh-wallet');
  }, 180_000);

  it('reads a code from the camera (jsQR over video frames where there is no BarcodeDetector)', async () => {
    // Chromium plays a Y4M file as the camera: a frame holding the PIX code, as a phone would film it.
    const video = join(fx.workDir, 'pix-code.y4m');
    writeFileSync(video, qrVideo(PIX_CODE));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await phoneContext(browser, fx.server.baseUrl);
      await context.grantPermissions(['camera'], { origin: fx.server.baseUrl });
      const page = await context.newPage();
      // Desktop Linux Chromium has no BarcodeDetector anyway; removing it makes the fallback certain everywhere.
      await page.addInitScript(() => {
        Reflect.deleteProperty(window, 'BarcodeDetector');
        // Keeps every stream handed out, to check below that the camera is released.
        const streams: MediaStream[] = [];
        Object.assign(window, { cameraStreams: streams });
        const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = async (constraints) => {
          const stream = await getUserMedia(constraints);
          streams.push(stream);
          return stream;
        };
      });
      await signUp(page, `cam_${Date.now().toString(36)}`, 'Camera');
      await page.goto('/wallet/scan');
      await page.getByTestId('camera-start').click();
      await expectText(page, 'code-network', 'PIX');
      await expectText(page, 'code-merchant', 'THALES OGLIARI');
      await page.getByTestId('not-payable').waitFor();
      // The camera is released once a code is read.
      const tracks = () =>
        page.evaluate(() => (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams.flatMap((stream) => stream.getTracks().map((track) => track.readyState)));
      await expect.poll(tracks).toEqual(['ended']);
    } finally {
      await browser.close();
    }
  });
});

/** A one-frame 640×480 Y4M video (4:2:0, grey chroma) of `text` as a QR code, 6 px per module, centred. */
function qrVideo(text: string): Buffer {
  const width = 640;
  const height = 480;
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const scale = 6;
  const left = Math.floor((width - modules.size * scale) / 2);
  const top = Math.floor((height - modules.size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < modules.size * scale; y++) {
    for (let x = 0; x < modules.size * scale; x++) {
      if (modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), luma, chroma]);
}

async function signUp(page: Page, handle: string, displayName: string): Promise<void> {
  await page.goto('/signup');
  await page.getByTestId('signup-handle').fill(handle);
  await page.getByTestId('signup-display-name').fill(displayName);
  await page.getByTestId('signup-password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('me-screen').waitFor();
}

/** Waits until the element's text contains `text`; Playwright's auto-waiting, without @playwright/test. */
async function expectText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).first().waitFor();
}
