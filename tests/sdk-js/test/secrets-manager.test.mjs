// Secrets Manager through the official JavaScript client: every operation the local cloud emulates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, DescribeSecretCommand,
  ListSecretsCommand, BatchGetSecretValueCommand, TagResourceCommand, RotateSecretCommand, DeleteSecretCommand, paginateListSecrets,
} from '@aws-sdk/client-secrets-manager';
import { clientConfig, advance, assertAwsError } from '../support.mjs';

const client = new SecretsManagerClient(clientConfig('eu-west-1'));
// The local cloud is shared with other files: every name here is unique to this run.
const prefix = `sdkjs-${randomUUID().slice(0, 8)}`;

test('CreateSecret, GetSecretValue and PutSecretValue move AWSCURRENT and AWSPREVIOUS', async () => {
  const name = `${prefix}/db`;
  const created = await client.send(new CreateSecretCommand({
    Name: name, SecretString: JSON.stringify({ username: 'forge', password: 'first-password-1' }),
    Description: 'database login', Tags: [{ Key: 'owner', Value: 'alice' }],
  }));
  assert.match(created.ARN, new RegExp(`^arn:aws:secretsmanager:eu-west-1:\\d{12}:secret:${name}-[A-Za-z0-9]{6}$`));
  assert.match(created.VersionId, /^[0-9a-f-]{36}$/);

  const put = await client.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'second' }));
  assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
  const current = await client.send(new GetSecretValueCommand({ SecretId: name }));
  assert.equal(current.SecretString, 'second');
  assert.ok(current.CreatedDate instanceof Date);
  const previous = await client.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
  assert.equal(previous.VersionId, created.VersionId);

  const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
  assert.deepEqual(described.VersionIdsToStages, { [created.VersionId]: ['AWSPREVIOUS'], [put.VersionId]: ['AWSCURRENT'] });
  assert.equal(described.Description, 'database login');
  assert.equal(described.RotationEnabled, undefined);
  assert.ok(described.LastAccessedDate instanceof Date);
  assert.equal(described.LastAccessedDate.getUTCHours(), 0);
});

test('PutSecretValue is idempotent per ClientRequestToken', async () => {
  const name = `${prefix}/token`;
  await client.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
  const token = randomUUID();
  const first = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token }));
  const again = await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two', ClientRequestToken: token }));
  assert.equal(first.VersionId, token);
  assert.equal(again.VersionId, token);
  await assertAwsError(() => client.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'three', ClientRequestToken: token })),
    'ResourceExistsException', 400);
});

test('TagResource and RotateSecret', async () => {
  const name = `${prefix}/rotating`;
  const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ username: 'u', password: 'p' }) }));
  await client.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'rotate', Value: 'weekly' }] }));

  const rotated = await client.send(new RotateSecretCommand({ SecretId: name, RotationRules: { AutomaticallyAfterDays: 7 } }));
  assert.match(rotated.VersionId, /^[0-9a-f-]{36}$/);
  const value = JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: name }))).SecretString);
  assert.equal(value.username, 'u');
  assert.notEqual(value.password, 'p');

  const described = await client.send(new DescribeSecretCommand({ SecretId: name }));
  assert.equal(described.RotationEnabled, true);
  assert.equal(described.RotationRules.AutomaticallyAfterDays, 7);
  assert.ok(described.NextRotationDate > described.LastRotatedDate);
  assert.deepEqual(described.Tags, [{ Key: 'rotate', Value: 'weekly' }]);
  assert.deepEqual(described.VersionIdsToStages[created.VersionId], ['AWSPREVIOUS']);

  await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{}', VersionStages: ['AWSPENDING'] }));
  await assertAwsError(() => client.send(new RotateSecretCommand({ SecretId: name })), 'InvalidRequestException', 400);
});

test('ListSecrets filters, negation and paging; BatchGetSecretValue', async () => {
  for (const [suffix, team] of [['a', 'blue'], ['b', 'green'], ['c', 'blue']]) {
    await client.send(new CreateSecretCommand({ Name: `${prefix}/list/${suffix}`, SecretString: `value-${suffix}`, Tags: [{ Key: 'team', Value: team }] }));
  }
  await advance('00:00:03'); // ListSecrets is eventually consistent

  const names = async (Filters) => (await client.send(new ListSecretsCommand({ Filters, SortBy: 'name' }))).SecretList.map((s) => s.Name);
  assert.deepEqual(await names([{ Key: 'name', Values: [`${prefix}/list/`] }, { Key: 'tag-value', Values: ['blue'] }]),
    [`${prefix}/list/a`, `${prefix}/list/c`]);
  assert.deepEqual(await names([{ Key: 'name', Values: [`${prefix}/list/`] }, { Key: 'tag-value', Values: ['!blue'] }]),
    [`${prefix}/list/b`]);
  assert.deepEqual(await names([{ Key: 'name', Values: [`${prefix}/list/`] }, { Key: 'tag-key', Values: ['team'] }, { Key: 'all', Values: ['GREEN'] }]),
    [`${prefix}/list/b`]);

  const paged = [];
  for await (const page of paginateListSecrets({ client, pageSize: 1 }, { Filters: [{ Key: 'name', Values: [`${prefix}/list/`] }], SortOrder: 'desc', SortBy: 'name' })) {
    assert.ok(page.SecretList.length <= 1);
    paged.push(...page.SecretList.map((s) => s.Name));
  }
  assert.deepEqual(paged, [`${prefix}/list/c`, `${prefix}/list/b`, `${prefix}/list/a`]);
  const entry = (await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`${prefix}/list/a`] }] }))).SecretList[0];
  assert.deepEqual(Object.values(entry.SecretVersionsToStages), [['AWSCURRENT']]);
  await assertAwsError(() => client.send(new ListSecretsCommand({ MaxResults: 101 })), 'InvalidParameterException', 400);
  await assertAwsError(() => client.send(new ListSecretsCommand({ NextToken: 'not-a-token' })), 'InvalidNextTokenException', 400);

  const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: [`${prefix}/list/a`, `${prefix}/missing`] }));
  assert.deepEqual(batch.SecretValues.map((v) => v.SecretString), ['value-a']);
  assert.deepEqual(batch.Errors.map((e) => [e.SecretId, e.ErrorCode]), [[`${prefix}/missing`, 'ResourceNotFoundException']]);
  const filtered = await client.send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: [`${prefix}/list/`] }], MaxResults: 2 }));
  assert.equal(filtered.SecretValues.length, 2);
  assert.ok(filtered.NextToken);
});

test('Errors carry the model codes', async () => {
  await assertAwsError(() => client.send(new GetSecretValueCommand({ SecretId: `${prefix}/nothing` })), 'ResourceNotFoundException', 400);
  await assertAwsError(() => client.send(new CreateSecretCommand({ Name: 'bad name!' })), 'InvalidParameterException', 400);
  await client.send(new CreateSecretCommand({ Name: `${prefix}/dup` }));
  await assertAwsError(() => client.send(new CreateSecretCommand({ Name: `${prefix}/dup` })), 'ResourceExistsException', 400);
  await assertAwsError(() => client.send(new GetSecretValueCommand({ SecretId: `${prefix}/dup` })), 'ResourceNotFoundException', 400);
});

test('DeleteSecret: a recovery window hides the secret from reads and lists until it goes; force deletes at once', async () => {
  const scheduled = `${prefix}/scheduled`;
  await client.send(new CreateSecretCommand({ Name: scheduled, SecretString: 'kept-for-7-days' }));
  await advance('00:05:00'); // past ListSecrets' consistency delay: listed before the deletion, not after
  const before = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [scheduled] }] }));
  assert.deepEqual(before.SecretList.map((s) => s.Name), [scheduled]);
  const marked = await client.send(new DeleteSecretCommand({ SecretId: scheduled, RecoveryWindowInDays: 7 }));
  assert.equal(marked.Name, scheduled);
  assert.ok(marked.DeletionDate instanceof Date);
  await assertAwsError(() => client.send(new GetSecretValueCommand({ SecretId: scheduled })), 'InvalidRequestException');
  const described = await client.send(new DescribeSecretCommand({ SecretId: scheduled }));
  assert.ok(described.DeletedDate instanceof Date);
  const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [scheduled] }] }));
  assert.deepEqual(listed.SecretList.map((s) => s.Name), []);

  const forced = `${prefix}/forced`;
  await client.send(new CreateSecretCommand({ Name: forced, SecretString: 'gone-now' }));
  await client.send(new DeleteSecretCommand({ SecretId: forced, ForceDeleteWithoutRecovery: true }));
  await assertAwsError(() => client.send(new DescribeSecretCommand({ SecretId: forced })), 'ResourceNotFoundException');
  await assertAwsError(() => client.send(new DeleteSecretCommand({ SecretId: scheduled, ForceDeleteWithoutRecovery: true, RecoveryWindowInDays: 7 })),
    'InvalidParameterException');
});
