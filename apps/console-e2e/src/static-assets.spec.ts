import { request } from 'node:http';

import { DEMO_PASSWORD } from './support/browser';
import { baseUrl } from './support/platform';
import { apiToken } from './support/platform-api';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  body: string;
}

/** A GET as a browser sends it, with the bytes as they came over the wire (not decompressed). */
function rawGet(path: string, acceptEncoding: string, token?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Accept-Encoding': acceptEncoding };
    if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
    const req = request(`${baseUrl()}${path}`, { headers });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const buffer = Buffer.concat(chunks);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          bytes: buffer.length,
          body: buffer.toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The consoles' files go out compressed, hashed ones cached for a year, index.html never. */
describe('console assets', () => {
  it.each(['agent', 'supervisor'])('of the %s console are compressed and cached', async (name) => {
    const index = await rawGet(`/${name}/`, 'identity');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    const script = /src="(main-[A-Z0-9]+\.js)"/i.exec(index.body)?.[1];
    expect(script).toBeDefined();

    const plain = await rawGet(`/${name}/${script}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const brotli = await rawGet(`/${name}/${script}`, 'gzip, deflate, br');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['vary']).toContain('Accept-Encoding');
    expect(brotli.bytes).toBeLessThan(plain.bytes / 2);

    const gzip = await rawGet(`/${name}/${script}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.bytes).toBeLessThan(plain.bytes / 2);
  });
});

/** The dashboard's figures (tens of KB of JSON) travel compressed too: they load on every visit. */
describe('figures', () => {
  it('of the dashboard go out compressed', async () => {
    const token = await apiToken('supervisor1@poscalls4u.test', DEMO_PASSWORD);
    const plain = await rawGet('/api/stats/dashboard', 'identity', token);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes).toBeGreaterThan(1024);

    const gzip = await rawGet('/api/stats/dashboard', 'gzip', token);
    expect(gzip.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.bytes).toBeLessThan(plain.bytes / 2);
  });
});
