// SSM through the official JavaScript client: documents, managed-node listing, and Run Command both
// on a real machine (a WorkSpace built through the official WorkSpaces client) and on its error paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  SSMClient, CreateDocumentCommand, UpdateDocumentCommand, DescribeDocumentCommand, DescribeInstanceInformationCommand,
  SendCommandCommand, GetCommandInvocationCommand,
} from '@aws-sdk/client-ssm';
import {
  WorkSpacesClient, CreateWorkspacesCommand, DescribeWorkspaceDirectoriesCommand, DescribeWorkspaceBundlesCommand,
} from '@aws-sdk/client-workspaces';
import { clientConfig, control, advance, assertAwsError } from '../support.mjs';

const client = new SSMClient(clientConfig('us-west-2'));
const name = `SdkJs-${randomUUID().slice(0, 8)}`;
const content = (description) => JSON.stringify({
  schemaVersion: '2.2',
  description,
  parameters: { message: { type: 'String', description: 'What to say' }, times: { type: 'String', default: '1' } },
  mainSteps: [{ action: 'aws:runShellScript', name: 'say', inputs: { runCommand: ['echo {{ message }}'] } }],
});

test('CreateDocument, UpdateDocument and DescribeDocument keep versions', async () => {
  const created = await client.send(new CreateDocumentCommand({ Name: name, Content: content('v1'), DocumentType: 'Command', DocumentFormat: 'JSON' }));
  assert.equal(created.DocumentDescription.DocumentVersion, '1');
  assert.equal(created.DocumentDescription.Status, 'Active');
  assert.equal(created.DocumentDescription.HashType, 'Sha256');
  assert.deepEqual(created.DocumentDescription.Parameters.map((p) => [p.Name, p.Type, p.DefaultValue]),
    [['message', 'String', undefined], ['times', 'String', '1']]);
  assert.ok(created.DocumentDescription.CreatedDate instanceof Date);

  const updated = await client.send(new UpdateDocumentCommand({ Name: name, Content: content('v2'), DocumentVersion: '$LATEST' }));
  assert.equal(updated.DocumentDescription.DocumentVersion, '2');
  assert.equal(updated.DocumentDescription.LatestVersion, '2');
  assert.equal(updated.DocumentDescription.DefaultVersion, '1');

  const byDefault = await client.send(new DescribeDocumentCommand({ Name: name }));
  assert.equal(byDefault.Document.Description, 'v1');
  const latest = await client.send(new DescribeDocumentCommand({ Name: name, DocumentVersion: '$LATEST' }));
  assert.equal(latest.Document.Description, 'v2');

  await assertAwsError(() => client.send(new CreateDocumentCommand({ Name: name, Content: content('v3') })), 'DocumentAlreadyExists', 400);
  await assertAwsError(() => client.send(new UpdateDocumentCommand({ Name: name, Content: content('v2') })), 'DuplicateDocumentContent', 400);
  await assertAwsError(() => client.send(new DescribeDocumentCommand({ Name: `${name}-missing` })), 'InvalidDocument', 400);
  await assertAwsError(() => client.send(new DescribeDocumentCommand({ Name: name, DocumentVersion: '9' })), 'InvalidDocumentVersion', 400);
  await assertAwsError(() => client.send(new CreateDocumentCommand({ Name: `${name}-bad`, Content: '{ nope' })), 'InvalidDocumentContent', 400);
});

test('The AWS script documents are there', async () => {
  const shell = await client.send(new DescribeDocumentCommand({ Name: 'AWS-RunShellScript' }));
  assert.equal(shell.Document.Owner, 'Amazon');
  assert.deepEqual(shell.Document.Parameters.map((p) => p.Name), ['commands', 'workingDirectory', 'executionTimeout']);
  const powershell = await client.send(new DescribeDocumentCommand({ Name: 'AWS-RunPowerShellScript' }));
  assert.ok(powershell.Document.PlatformTypes.includes('Windows'));
});

test('DescribeInstanceInformation lists managed nodes (maybe none) and checks its input', async () => {
  const answer = await client.send(new DescribeInstanceInformationCommand({ MaxResults: 50 }));
  assert.ok(Array.isArray(answer.InstanceInformationList));
  for (const node of answer.InstanceInformationList) {
    assert.equal(node.ResourceType, 'ManagedInstance');
    assert.match(node.InstanceId, /^mi-[0-9a-f]{17}$/);
    assert.ok(['Online', 'ConnectionLost'].includes(node.PingStatus));
  }
  const online = await client.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }] }));
  assert.ok(online.InstanceInformationList.every((n) => n.PingStatus === 'Online'));
  await assertAwsError(() => client.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['red'] }] })), 'InvalidFilterKey', 400);
  await assertAwsError(() => client.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })), 'ValidationException', 400);
});

test('SendCommand refuses unknown instances, documents and parameters', async () => {
  const unknown = 'mi-0123456789abcdef0';
  await assertAwsError(() => client.send(new SendCommandCommand({
    DocumentName: 'AWS-RunShellScript', InstanceIds: [unknown], Parameters: { commands: ['echo hi'] },
  })), 'InvalidInstanceId', 400);
  await assertAwsError(() => client.send(new SendCommandCommand({ DocumentName: `${name}-missing`, InstanceIds: [unknown] })), 'InvalidDocument', 400);
  await assertAwsError(() => client.send(new SendCommandCommand({
    DocumentName: name, InstanceIds: [unknown], Parameters: { message: ['hi'], colour: ['red'] },
  })), 'InvalidParameters', 400);
  const sent = await control('GET', '/ssm/commands?region=us-west-2');
  assert.ok(sent.commands.every((c) => c.documentName !== `${name}-missing`));
});

test('GetCommandInvocation answers InvocationDoesNotExist for an unknown command', async () => {
  await assertAwsError(() => client.send(new GetCommandInvocationCommand({
    CommandId: randomUUID(), InstanceId: 'mi-0123456789abcdef0',
  })), 'InvocationDoesNotExist', 400);
  // A CommandId shorter than the model's 36 characters fails AWS's model validation before SSM looks it up.
  await assertAwsError(() => client.send(new GetCommandInvocationCommand({
    CommandId: 'short', InstanceId: 'mi-0123456789abcdef0',
  })), 'ValidationException', 400);
});

test('SendCommand runs on the machine of a WorkSpace and GetCommandInvocation reports the outcome', async () => {
  const workspaces = new WorkSpacesClient(clientConfig('us-west-2'));
  const { Directories } = await workspaces.send(new DescribeWorkspaceDirectoriesCommand({}));
  const { Bundles } = await workspaces.send(new DescribeWorkspaceBundlesCommand({ Owner: 'AMAZON' }));
  const bundle = Bundles.find((b) => b.Name === 'Standard with Amazon Linux 2');
  const { PendingRequests } = await workspaces.send(new CreateWorkspacesCommand({
    Workspaces: [{ DirectoryId: Directories[0].DirectoryId, BundleId: bundle.BundleId, UserName: `ssm-${randomUUID().slice(0, 8)}` }],
  }));
  await advance('00:25:00');
  const machine = await control('GET', `/machines/${PendingRequests[0].WorkspaceId}`);
  assert.match(machine.instanceId, /^mi-[0-9a-f]{17}$/);

  const nodes = await client.send(new DescribeInstanceInformationCommand({
    Filters: [{ Key: 'InstanceIds', Values: [machine.instanceId] }],
  }));
  assert.equal(nodes.InstanceInformationList[0].PingStatus, 'Online');
  assert.equal(nodes.InstanceInformationList[0].PlatformType, 'Linux');

  const { Command } = await client.send(new SendCommandCommand({
    DocumentName: 'AWS-RunShellScript', InstanceIds: [machine.instanceId], Parameters: { commands: ['uptime'] },
  }));
  assert.match(Command.CommandId, /^[0-9a-f-]{36}$/);
  assert.equal(Command.Status, 'Pending');
  await advance('00:01:00');
  const invocation = await client.send(new GetCommandInvocationCommand({ CommandId: Command.CommandId, InstanceId: machine.instanceId }));
  assert.equal(invocation.Status, 'Success');
  assert.equal(invocation.ResponseCode, 0);
  assert.equal(invocation.DocumentName, 'AWS-RunShellScript');
});
