// Run by hand against the README's run command (`dotnet run --project src/Forge.Api`), in real time:
//   node tests/sdk-js/embedded/user-data-check.mjs
// Walks issue 5's acceptance on the embedded defaults and prints what it measured: alice's first
// workstation creates her volume and receives her own and team payments' secrets (not team infra's);
// a .gitconfig edited on it survives terminate and is in her next workstation when it is ready; a
// RotateSecret reaches the running workstation's environment (Forge polls every 2 minutes).
// Not part of the test command: it takes minutes of real time and needs the service running.
import assert from 'node:assert/strict';
import {
  SecretsManagerClient, CreateSecretCommand, RotateSecretCommand, GetSecretValueCommand, DeleteSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { clientConfig, control } from '../support.mjs';

const forge = process.env.FORGE_URL ?? 'http://127.0.0.1:5080';
const run = Date.now().toString(36);
const user = `alice-${run}`;
const started = Date.now();
const seconds = (from) => ((Date.now() - from) / 1000).toFixed(1);
const log = (message) => console.log(`[${seconds(started).padStart(6)} s] ${message}`);

async function api(method, path, token, body) {
  const response = await fetch(new URL(path, forge), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function until(what, read, done, timeoutMs = 10 * 60_000) {
  const from = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    assert.ok(Date.now() - from < timeoutMs, `${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const { token } = await api('POST', '/api/v1/dev/tokens', null, { user, teams: ['payments'], roles: ['developer'] });
const secrets = new SecretsManagerClient(clientConfig());
const created = [];
async function secret(name, scope, env) {
  const answer = await secrets.send(new CreateSecretCommand({
    Name: `${name}-${run}`, SecretString: `value-of-${name}-${run}`,
    Tags: [{ Key: 'forge:scope', Value: scope }, { Key: 'forge:env', Value: env }],
  }));
  created.push(answer.ARN);
  return answer.ARN;
}
const own = await secret('own-token', `user:${user}`, 'ALICE_TOKEN');
await secret('payments-key', 'team:payments', `PAYMENTS_KEY_${run.toUpperCase()}`);
await secret('infra-key', 'team:infra', `INFRA_KEY_${run.toUpperCase()}`);

async function workstation() {
  const from = Date.now();
  const { id } = await api('POST', '/api/v1/workspaces', token, { blueprint: 'backend', operatingSystem: 'linux' });
  const ready = await until('ready', () => api('GET', `/api/v1/workspaces/${id}`, token), (w) => w.status === 'ready' || w.status === 'failed');
  assert.equal(ready.status, 'ready', JSON.stringify(ready.steps));
  log(`workspace ${id} ready ${seconds(from)} s after POST; steps: ${ready.steps.map((s) => `${s.name}:${s.status}`).join(' ')}`);
  return ready;
}

try {
  const first = await workstation();
  const volumes = (await api('GET', '/api/v1/volumes', token)).volumes;
  assert.equal(volumes.length, 1);
  let machine = await control('GET', `/machines/${first.cloudWorkspaceId}`);
  assert.equal(machine.mounts[0].volumeId, volumes[0].fsxVolumeId);
  log(`volume ${volumes[0].fsxVolumeId} (${volumes[0].lifecycle}) mounted at ${machine.mounts[0].mountPoint} for ${machine.mounts[0].owner}`);
  const names = Object.keys(machine.environment).sort();
  assert.ok(names.includes('ALICE_TOKEN') && names.includes(`PAYMENTS_KEY_${run.toUpperCase()}`));
  assert.ok(!names.includes(`INFRA_KEY_${run.toUpperCase()}`));
  log(`environment holds ${names.join(', ')} (not INFRA_KEY_${run.toUpperCase()})`);

  const gitconfig = `[user]\n\tname = Alice ${run}\n`;
  await control('PUT', `/machines/${first.cloudWorkspaceId}/files/.gitconfig`, gitconfig);
  const terminating = Date.now();
  await api('DELETE', `/api/v1/workspaces/${first.id}`, token);
  const gone = await until('terminated', () => api('GET', `/api/v1/workspaces/${first.id}`, token), (w) => w.status === 'terminated');
  log(`terminated ${seconds(terminating)} s after DELETE; last steps: ${gone.steps.slice(-3).map((s) => `${s.name}:${s.status}`).join(' ')}`);

  const second = await workstation();
  machine = await control('GET', `/machines/${second.cloudWorkspaceId}`);
  assert.equal(machine.files.home['.gitconfig']?.content, gitconfig);
  const apply = second.steps.findLast((s) => s.name === 'apply-dotfiles');
  log(`.gitconfig present at ready; apply-dotfiles took ${(Date.parse(apply.completedAt) - Date.parse(apply.startedAt)) / 1000} s, ended ${(Date.parse(second.readyAt) - Date.parse(apply.completedAt)) / 1000} s before ready`);

  // Someone works on it: without a session the local cloud's AUTO_STOP (60 minutes, 1 minute of real
  // time at 60x) stops it, and a stopped machine takes no command until it starts again.
  await control('POST', `/machines/${second.cloudWorkspaceId}/connect`);
  const rotating = Date.now();
  await secrets.send(new RotateSecretCommand({ SecretId: own }));
  const rotated = (await secrets.send(new GetSecretValueCommand({ SecretId: own }))).SecretString;
  await until('rotation', () => control('GET', `/machines/${second.cloudWorkspaceId}`), (m) => m.environment.ALICE_TOKEN === rotated, 6 * 60_000);
  log(`rotated value in the running workstation's environment ${seconds(rotating)} s after RotateSecret (limit 300 s)`);
  await api('DELETE', `/api/v1/workspaces/${second.id}`, token);
} finally {
  for (const arn of created) {
    await secrets.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true })).catch(() => {});
  }
}
