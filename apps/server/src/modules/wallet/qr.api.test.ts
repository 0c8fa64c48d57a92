import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { encodeEmv } from './emv.js';

let souk: TestSouk;
beforeAll(async () => {
  souk = await startTestSouk();
});
afterAll(async () => {
  await souk.stop();
});

const parse = (payload: unknown) => souk.app.inject({ method: 'POST', url: '/api/wallet/qr/parse', payload: { payload } });

describe('POST /api/wallet/qr/parse', () => {
  it('reads a code of another network without a login, and says it cannot be paid here', async () => {
    const pix = '00020126510014br.gov.bcb.pix0115thalesog@me.com0210Pedido 123520400005303986540510.005802BR5914THALES OGLIARI6015SAO MIGUEL DO O62070503***63040DC6';
    const response = await parse(pix);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      network: { name: 'PIX', payable: false },
      amount: '10.00',
      currency: '986',
      merchantName: 'THALES OGLIARI',
      merchantAccounts: [{ id: '26', gui: 'br.gov.bcb.pix' }],
    });
  });

  it("reads Souk's own printed code as payable", async () => {
    const payload = encodeEmv({
      pointOfInitiation: 'static',
      merchantId: 'usr_01JD3XK0000000000000000000',
      merchantCategoryCode: '5812',
      currency: '156',
      country: 'CN',
      merchantName: 'Chez Lina',
      merchantCity: 'Shanghai',
    });
    expect((await parse(payload)).json()).toMatchObject({ network: { name: 'Souk', payable: true }, pointOfInitiation: 'static', warnings: [] });
  });

  it('answers 422 with the reason for a damaged code, 400 for a malformed request', async () => {
    const damaged = await parse('00020101021129370016A000000677010111011300668012345675802TH530376463040000');
    expect(damaged.statusCode).toBe(422);
    expect(damaged.headers['content-type']).toContain('application/problem+json');
    expect(damaged.json()).toMatchObject({ code: 'QR_BAD_CRC' });
    expect((await parse('0002010102')).json().code).toBe('QR_TRUNCATED');
    expect((await parse(42)).statusCode).toBe(400);
    expect((await parse('')).statusCode).toBe(400);
  });
});
