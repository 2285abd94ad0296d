// Shared set-up for the official-client suite: every client points at the local cloud started by
// scripts/test.sh (LOCALCLOUD_URL) on a manual clock (which checks no signing time, so advancing it
// never expires a signature), signs with the local cloud's documented default credentials,
// and makes one attempt only, so a wrong answer is seen rather than retried away.
import assert from 'node:assert/strict';

export const endpoint = process.env.LOCALCLOUD_URL ?? 'http://127.0.0.1:4566';
export const credentials = { accessKeyId: 'forge-local', secretAccessKey: 'forge-local-secret' };

export function clientConfig(region = 'us-east-1') {
  return { endpoint, region, credentials, maxAttempts: 1 };
}

/** Calls the local cloud's unsigned control surface and returns the parsed JSON answer (or null). */
export async function control(method, path, body) {
  const response = await fetch(new URL(`/_localcloud${path}`, endpoint), {
    method,
    headers: body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${await response.clone().text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Moves the local cloud's manual clock forward, e.g. advance('00:20:00'). */
export function advance(by) {
  return control('POST', '/clock/advance', { by });
}

/** Runs fn and asserts that it fails with the given AWS error name and HTTP status. */
export async function assertAwsError(fn, name, status) {
  await assert.rejects(fn, (error) => {
    assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
    if (status !== undefined) assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}
