// Amazon WorkSpaces through the official AWS SDK for JavaScript: every operation the local cloud
// emulates, with answers checked member by member. The clock is shared with other files, so each
// test creates its own WorkSpaces and never assumes a fresh world.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WorkSpacesClient,
  CreateWorkspacesCommand,
  DescribeWorkspacesCommand,
  DescribeWorkspacesConnectionStatusCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  RebootWorkspacesCommand,
  TerminateWorkspacesCommand,
  ModifyWorkspacePropertiesCommand,
  ModifyWorkspaceAccessPropertiesCommand,
  ModifyWorkspaceCreationPropertiesCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceDirectoriesCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  paginateDescribeWorkspaces,
} from '@aws-sdk/client-workspaces';
import { clientConfig, control, advance, assertAwsError } from '../support.mjs';

const region = 'eu-central-1';
const client = new WorkSpacesClient(clientConfig(region));
const run = Math.random().toString(36).slice(2, 8);


async function directoryAndBundle(bundleName = 'Standard with Amazon Linux 2') {
  const { Directories } = await client.send(new DescribeWorkspaceDirectoriesCommand({}));
  const { Bundles } = await client.send(new DescribeWorkspaceBundlesCommand({ Owner: 'AMAZON' }));
  return { directory: Directories[0], bundle: Bundles.find((b) => b.Name === bundleName) };
}

async function describe(id) {
  const { Workspaces } = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }));
  return Workspaces[0];
}

/** Creates AVAILABLE WorkSpaces for this run: waits out the build on the shared manual clock. */
async function createAvailable(count, properties = { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 60 }) {
  const { directory, bundle } = await directoryAndBundle();
  const result = await client.send(new CreateWorkspacesCommand({
    Workspaces: Array.from({ length: count }, (_, i) => ({
      DirectoryId: directory.DirectoryId,
      UserName: `js-${run}-${Math.random().toString(36).slice(2, 8)}-${i}`,
      BundleId: bundle.BundleId,
      WorkspaceProperties: properties,
    })),
  }));
  assert.equal(result.FailedRequests.length, 0);
  await advance('00:21:00');
  return result.PendingRequests.map((w) => w.WorkspaceId);
}

test('DescribeWorkspaceDirectories answers the seeded, registered directory', async () => {
  const { Directories, NextToken } = await client.send(new DescribeWorkspaceDirectoriesCommand({ Limit: 25 }));
  assert.equal(NextToken, undefined);
  assert.equal(Directories.length, 1);
  const [directory] = Directories;
  assert.match(directory.DirectoryId, /^d-[0-9a-f]{10}$/);
  assert.equal(directory.State, 'REGISTERED');
  assert.equal(directory.DirectoryName, 'corp.forge.internal');
  assert.match(directory.RegistrationCode, /^WS[a-z0-9]+\+[0-9A-F]{6}$/);
  assert.equal(directory.SubnetIds.length, 2);
  assert.deepEqual(directory.ipGroupIds, []);
  assert.ok(['ALLOW', 'DENY'].includes(directory.WorkspaceAccessProperties.DeviceTypeWindows));
  assert.match(directory.WorkspaceCreationProperties.DefaultOu, /^OU=/);

  const byId = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directory.DirectoryId] }));
  assert.equal(byId.Directories[0].DirectoryId, directory.DirectoryId);
  const filtered = await client.send(new DescribeWorkspaceDirectoriesCommand({ Filters: [{ Name: 'WORKSPACE_TYPE', Values: ['POOLS'] }] }));
  assert.deepEqual(filtered.Directories, []);
});

test('DescribeWorkspaceBundles lists the public bundles and refuses BundleIds with Owner', async () => {
  const { Bundles } = await client.send(new DescribeWorkspaceBundlesCommand({ Owner: 'AMAZON' }));
  assert.equal(Bundles.length, 15);
  for (const bundle of Bundles) {
    assert.match(bundle.BundleId, /^wsb-[0-9a-z]{9}$/);
    assert.equal(bundle.Owner, 'AMAZON');
    assert.ok(bundle.CreationTime instanceof Date);
    assert.match(bundle.RootStorage.Capacity, /^\d+$/);
  }
  assert.deepEqual([...new Set(Bundles.map((b) => b.ComputeType.Name))].sort(), ['PERFORMANCE', 'POWER', 'POWERPRO', 'STANDARD', 'VALUE']);
  const one = await client.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [Bundles[3].BundleId] }));
  assert.deepEqual(one.Bundles.map((b) => b.Name), [Bundles[3].Name]);
  const own = await client.send(new DescribeWorkspaceBundlesCommand({}));
  assert.deepEqual(own.Bundles, []);
  await assertAwsError(() => client.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [Bundles[0].BundleId], Owner: 'AMAZON' })),
    'InvalidParameterValuesException', 400);
});

test('CreateWorkspaces builds valid requests, reports the others, and the WorkSpace becomes AVAILABLE', async () => {
  const { directory, bundle } = await directoryAndBundle('Performance with Windows Server 2022');
  const result = await client.send(new CreateWorkspacesCommand({
    Workspaces: [
      {
        DirectoryId: directory.DirectoryId, UserName: `dev-${run}`, BundleId: bundle.BundleId, WorkspaceName: `forge-${run}`,
        WorkspaceProperties: { RunningMode: 'AUTO_STOP', RunningModeAutoStopTimeoutInMinutes: 120 },
        Tags: [{ Key: 'forge:id', Value: run }],
      },
      { DirectoryId: directory.DirectoryId, UserName: `dev-${run}`, BundleId: 'wsb-000000000' },
    ],
  }));
  assert.equal(result.PendingRequests.length, 1);
  assert.equal(result.FailedRequests.length, 1);
  assert.equal(result.FailedRequests[0].ErrorCode, 'ResourceNotFoundException');
  assert.equal(result.FailedRequests[0].WorkspaceRequest.BundleId, 'wsb-000000000');
  const [pending] = result.PendingRequests;
  assert.match(pending.WorkspaceId, /^ws-[0-9a-z]{9}$/);
  assert.equal(pending.State, 'PENDING');
  assert.equal(pending.WorkspaceProperties.ComputeTypeName, 'PERFORMANCE');
  assert.equal(pending.WorkspaceProperties.OperatingSystemName, 'WINDOWS_SERVER_2022');
  assert.deepEqual(pending.WorkspaceProperties.Protocols, ['WSP']);

  // Eventual consistency: not visible right away.
  assert.equal(await describe(pending.WorkspaceId), undefined);
  await advance('00:00:05');
  assert.equal((await describe(pending.WorkspaceId)).State, 'PENDING');
  assert.equal((await control('GET', `/machines/${pending.WorkspaceId}`)).online, false);
  await advance('00:20:00');
  const available = await describe(pending.WorkspaceId);
  assert.equal(available.State, 'AVAILABLE');
  assert.equal(available.WorkspaceName, `forge-${run}`);
  assert.equal(available.WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes, 120);
  const machine = await control('GET', `/machines/${pending.WorkspaceId}`);
  assert.equal(machine.online, true);
  assert.equal(machine.platform, 'Windows');
  assert.match(machine.instanceId, /^mi-[0-9a-f]{17}$/);

  const byName = await client.send(new DescribeWorkspacesCommand({ WorkspaceName: `forge-${run}` }));
  assert.deepEqual(byName.Workspaces.map((w) => w.WorkspaceId), [pending.WorkspaceId]);
  const byUser = await client.send(new DescribeWorkspacesCommand({ DirectoryId: directory.DirectoryId, UserName: `dev-${run}` }));
  assert.deepEqual(byUser.Workspaces.map((w) => w.WorkspaceId), [pending.WorkspaceId]);
});

test('CreateWorkspaces refuses more than 25 WorkSpaces in one call', async () => {
  const { directory, bundle } = await directoryAndBundle();
  const many = Array.from({ length: 26 }, (_, i) => ({ DirectoryId: directory.DirectoryId, UserName: `u${i}`, BundleId: bundle.BundleId }));
  await assertAwsError(() => client.send(new CreateWorkspacesCommand({ Workspaces: many })), 'InvalidParameterValuesException', 400);
});

test('DescribeWorkspaces refuses combined filters and bad limits, and pages with NextToken', async () => {
  const ids = await createAvailable(3);
  const { directory, bundle } = await directoryAndBundle();
  await assertAwsError(() => client.send(new DescribeWorkspacesCommand({ WorkspaceIds: [ids[0]], DirectoryId: directory.DirectoryId })),
    'InvalidParameterValuesException', 400);
  await assertAwsError(() => client.send(new DescribeWorkspacesCommand({ BundleId: bundle.BundleId, Limit: 26 })),
    'InvalidParameterValuesException', 400);
  await assertAwsError(() => client.send(new DescribeWorkspacesCommand({ NextToken: 'forged' })), 'InvalidParameterValuesException', 400);

  const first = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids, Limit: 2 }));
  assert.equal(first.Workspaces.length, 2);
  assert.ok(first.NextToken);
  const second = await client.send(new DescribeWorkspacesCommand({ WorkspaceIds: ids, Limit: 2, NextToken: first.NextToken }));
  assert.equal(second.NextToken, undefined);
  assert.deepEqual([...first.Workspaces, ...second.Workspaces].map((w) => w.WorkspaceId).sort(), [...ids].sort());

  const seen = [];
  for await (const page of paginateDescribeWorkspaces({ client, pageSize: 1 }, { DirectoryId: directory.DirectoryId })) {
    assert.ok(page.Workspaces.length <= 1);
    seen.push(...page.Workspaces.map((w) => w.WorkspaceId));
  }
  for (const id of ids) assert.ok(seen.includes(id));
  assert.equal(new Set(seen).size, seen.length);
});

test('Stop, Start, Reboot and Terminate move through their states and report per-item failures', async () => {
  const [id] = await createAvailable(1);
  const wrong = await client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: id }, { WorkspaceId: 'ws-doesnotexist' }] }));
  assert.deepEqual(wrong.FailedRequests.map((f) => [f.WorkspaceId, f.ErrorCode]),
    [[id, 'InvalidResourceStateException'], ['ws-doesnotexist', 'ResourceNotFoundException']]);

  assert.deepEqual((await client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests, []);
  assert.equal((await describe(id)).State, 'STOPPING');
  await advance('00:01:00');
  assert.equal((await describe(id)).State, 'STOPPED');
  const stopped = await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }));
  assert.equal(stopped.WorkspacesConnectionStatus[0].ConnectionState, 'UNKNOWN');

  assert.deepEqual((await client.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests, []);
  assert.equal((await describe(id)).State, 'STARTING');
  await advance('00:01:00');
  assert.equal((await describe(id)).State, 'AVAILABLE');

  assert.deepEqual((await client.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests, []);
  assert.equal((await describe(id)).State, 'REBOOTING');
  await advance('00:01:00');
  assert.equal((await describe(id)).State, 'AVAILABLE');

  assert.deepEqual((await client.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests, []);
  assert.equal((await describe(id)).State, 'TERMINATING');
  await advance('00:01:00');
  assert.equal((await describe(id)).State, 'TERMINATED');
  await advance('00:01:00');
  assert.equal(await describe(id), undefined);
});

test('ALWAYS_ON WorkSpaces cannot be stopped', async () => {
  const [id] = await createAvailable(1, { RunningMode: 'ALWAYS_ON' });
  const { FailedRequests } = await client.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
  assert.equal(FailedRequests.length, 1);
  assert.equal(FailedRequests[0].ErrorCode, 'OperationNotSupportedException');
  assert.equal((await describe(id)).State, 'AVAILABLE');
});

test('DescribeWorkspacesConnectionStatus follows a user connecting and disconnecting', async () => {
  const [id] = await createAvailable(1);
  const before = (await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }))).WorkspacesConnectionStatus[0];
  assert.equal(before.ConnectionState, 'DISCONNECTED');
  assert.ok(before.ConnectionStateCheckTimestamp instanceof Date);
  assert.equal(before.LastKnownUserConnectionTimestamp, undefined);

  await control('POST', `/machines/${id}/connect`);
  const during = (await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }))).WorkspacesConnectionStatus[0];
  assert.equal(during.ConnectionState, 'CONNECTED');
  assert.ok(during.LastKnownUserConnectionTimestamp instanceof Date);

  await control('POST', `/machines/${id}/disconnect`);
  const after = (await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }))).WorkspacesConnectionStatus[0];
  assert.equal(after.ConnectionState, 'DISCONNECTED');

  // AutoStop after 60 minutes without a user, then connecting starts it again.
  await advance('01:00:00');
  assert.equal((await describe(id)).State, 'STOPPING');
  await advance('00:01:00');
  assert.equal((await describe(id)).State, 'STOPPED');
  await control('POST', `/machines/${id}/connect`);
  assert.equal((await describe(id)).State, 'STARTING');
  await advance('00:01:00');
  const back = (await client.send(new DescribeWorkspacesConnectionStatusCommand({ WorkspaceIds: [id] }))).WorkspacesConnectionStatus[0];
  assert.equal(back.ConnectionState, 'CONNECTED');
});

test('CreateTags, DescribeTags and DeleteTags manage the tags of a WorkSpace', async () => {
  const [id] = await createAvailable(1);
  await client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'empty', Value: '' }] }));
  await client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'team', Value: 'infra' }] }));
  let { TagList } = await client.send(new DescribeTagsCommand({ ResourceId: id }));
  assert.deepEqual(TagList, [{ Key: 'team', Value: 'infra' }, { Key: 'empty', Value: '' }]);
  await client.send(new DeleteTagsCommand({ ResourceId: id, TagKeys: ['empty'] }));
  ({ TagList } = await client.send(new DescribeTagsCommand({ ResourceId: id })));
  assert.deepEqual(TagList, [{ Key: 'team', Value: 'infra' }]);

  const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await assertAwsError(() => client.send(new CreateTagsCommand({ ResourceId: id, Tags: tooMany })), 'ResourceLimitExceededException', 400);
  await assertAwsError(() => client.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: 'x'.repeat(128), Value: '' }] })),
    'InvalidParameterValuesException', 400);
  await assertAwsError(() => client.send(new DescribeTagsCommand({ ResourceId: 'ws-doesnotexist' })), 'ResourceNotFoundException', 400);
});

test('ModifyWorkspaceProperties goes through UPDATING and is reflected in DescribeWorkspaces', async () => {
  const [id] = await createAvailable(1, { RunningMode: 'ALWAYS_ON' });
  // Nothing is resized in a WorkSpace's first 6 hours.
  await assertAwsError(() => client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: 'POWER' } })),
    'InvalidResourceStateException', 400);
  await advance('06:00:00');
  await client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: 'POWER' } }));
  const updating = await describe(id);
  assert.equal(updating.State, 'UPDATING');
  assert.deepEqual(updating.ModificationStates, [{ Resource: 'COMPUTE_TYPE', State: 'UPDATE_IN_PROGRESS' }]);
  await assertAwsError(() => client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 100 } })),
    'OperationInProgressException', 400);
  await advance('00:01:00');
  const done = await describe(id);
  assert.equal(done.State, 'AVAILABLE');
  assert.equal(done.WorkspaceProperties.ComputeTypeName, 'POWER');
  await assertAwsError(() => client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RootVolumeSizeGib: 10 } })),
    'InvalidParameterValuesException', 400);
  await assertAwsError(() => client.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: 'ws-doesnotexist', WorkspaceProperties: { RunningMode: 'AUTO_STOP' } })),
    'ResourceNotFoundException', 400);
});

test('ModifyWorkspaceAccessProperties and ModifyWorkspaceCreationProperties change the directory', async () => {
  const { directory } = await directoryAndBundle();
  const web = directory.WorkspaceAccessProperties.DeviceTypeWeb === 'ALLOW' ? 'DENY' : 'ALLOW';
  await client.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: directory.DirectoryId, WorkspaceAccessProperties: { DeviceTypeWeb: web } }));
  const ou = `OU=Run${run},DC=corp,DC=forge,DC=internal`;
  await client.send(new ModifyWorkspaceCreationPropertiesCommand({
    ResourceId: directory.DirectoryId,
    WorkspaceCreationProperties: { DefaultOu: ou, EnableInternetAccess: true, CustomSecurityGroupId: 'sg-0123456789abcdef0' },
  }));
  const { Directories: [after] } = await client.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [directory.DirectoryId] }));
  assert.equal(after.WorkspaceAccessProperties.DeviceTypeWeb, web);
  assert.equal(after.WorkspaceAccessProperties.DeviceTypeWindows, directory.WorkspaceAccessProperties.DeviceTypeWindows);
  assert.equal(after.WorkspaceCreationProperties.DefaultOu, ou);
  assert.equal(after.WorkspaceCreationProperties.EnableInternetAccess, true);
  assert.equal(after.WorkspaceCreationProperties.CustomSecurityGroupId, 'sg-0123456789abcdef0');

  await assertAwsError(() => client.send(new ModifyWorkspaceAccessPropertiesCommand({ ResourceId: 'd-0000000000', WorkspaceAccessProperties: { DeviceTypeWeb: 'ALLOW' } })),
    'ResourceNotFoundException', 400);
  await assertAwsError(() => client.send(new ModifyWorkspaceCreationPropertiesCommand({ ResourceId: directory.DirectoryId, WorkspaceCreationProperties: { CustomSecurityGroupId: 'sg-bad' } })),
    'InvalidParameterValuesException', 400);
});
