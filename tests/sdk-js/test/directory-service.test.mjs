// The official Directory Service client against the local cloud: DescribeDirectories, answers and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DirectoryServiceClient, DescribeDirectoriesCommand, paginateDescribeDirectories } from '@aws-sdk/client-directory-service';
import { clientConfig } from '../support.mjs';

const ds = new DirectoryServiceClient(clientConfig('us-east-1'));

test('DescribeDirectories lists the seeded Managed Microsoft AD', async () => {
  const { DirectoryDescriptions } = await ds.send(new DescribeDirectoriesCommand({}));
  assert.equal(DirectoryDescriptions.length, 1);
  const directory = DirectoryDescriptions[0];
  assert.match(directory.DirectoryId, /^d-[0-9a-f]{10}$/);
  assert.equal(directory.Type, 'MicrosoftAD');
  assert.equal(directory.Edition, 'Standard');
  assert.equal(directory.Stage, 'Active');
  assert.equal(directory.AccessUrl, `${directory.Alias}.awsapps.com`);
  assert.ok(directory.Name.includes('.'));
  assert.ok(directory.ShortName.length > 0);
  assert.equal(directory.DnsIpAddrs.length, 2);
  assert.match(directory.VpcSettings.VpcId, /^vpc-[0-9a-f]{17}$/);
  assert.equal(directory.VpcSettings.SubnetIds.length, 2);
  assert.ok(directory.LaunchTime instanceof Date);
});

test('DescribeDirectories by id, with a Limit, and through the paginator', async () => {
  const { DirectoryDescriptions: [seeded] } = await ds.send(new DescribeDirectoriesCommand({}));
  const byId = await ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [seeded.DirectoryId], Limit: 1 }));
  assert.deepEqual(byId.DirectoryDescriptions.map((d) => d.DirectoryId), [seeded.DirectoryId]);
  assert.equal(byId.NextToken, undefined);

  const ids = [];
  for await (const page of paginateDescribeDirectories({ client: ds, pageSize: 1 }, {})) {
    ids.push(...page.DirectoryDescriptions.map((d) => d.DirectoryId));
  }
  assert.deepEqual(ids, [seeded.DirectoryId]);
});

test('DescribeDirectories errors carry Message and RequestId', async () => {
  await assert.rejects(() => ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-0000000000'] })), (error) => {
    assert.equal(error.name, 'EntityDoesNotExistException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.ok(error.message.includes('d-0000000000'));
    assert.ok(error.RequestId);
    return true;
  });
  await assert.rejects(() => ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [] })), { name: 'InvalidParameterException' });
  await assert.rejects(() => ds.send(new DescribeDirectoriesCommand({ DirectoryIds: ['d-12345'] })), { name: 'InvalidParameterException' });
  await assert.rejects(() => ds.send(new DescribeDirectoriesCommand({ NextToken: 'not-a-token' })), { name: 'InvalidNextTokenException' });
});
