// The official FSx client against the local cloud: every emulated operation, answers and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  FSxClient, CreateVolumeCommand, DescribeVolumesCommand, DeleteVolumeCommand,
  DescribeStorageVirtualMachinesCommand, paginateDescribeVolumes,
} from '@aws-sdk/client-fsx';
import { clientConfig, advance, assertAwsError } from '../support.mjs';

const fsx = new FSxClient(clientConfig('us-east-1'));
// Other files share this local cloud: names and paths are unique per run.
const run = randomBytes(4).toString('hex');

async function seededSvm() {
  const { StorageVirtualMachines } = await fsx.send(new DescribeStorageVirtualMachinesCommand({}));
  assert.equal(StorageVirtualMachines.length, 1);
  return StorageVirtualMachines[0];
}

function volumeInput(svmId, name, extra = {}) {
  return {
    VolumeType: 'ONTAP',
    Name: name,
    OntapConfiguration: {
      StorageVirtualMachineId: svmId,
      JunctionPath: `/${name}`,
      SizeInMegabytes: 1024,
      StorageEfficiencyEnabled: true,
      SecurityStyle: 'NTFS',
      TieringPolicy: { Name: 'AUTO' },
    },
    Tags: [{ Key: 'forge:run', Value: run }],
    ...extra,
  };
}

test('DescribeStorageVirtualMachines shows the seeded SVM with its endpoints', async () => {
  const svm = await seededSvm();
  assert.match(svm.StorageVirtualMachineId, /^svm-[0-9a-f]{17}$/);
  assert.match(svm.FileSystemId, /^fs-[0-9a-f]{8,}$/);
  assert.equal(svm.Lifecycle, 'CREATED');
  assert.ok(svm.CreationTime instanceof Date);
  assert.match(svm.Endpoints.Nfs.DNSName, new RegExp(`^${svm.StorageVirtualMachineId}\\.${svm.FileSystemId}\\.fsx\\.us-east-1\\.amazonaws\\.com$`));
  assert.ok(svm.Endpoints.Smb.DNSName.length > 0);
  assert.match(svm.Endpoints.Nfs.IpAddresses[0], /^\d+\.\d+\.\d+\.\d+$/);
  assert.match(svm.ResourceARN, /^arn:aws:fsx:us-east-1:\d{12}:storage-virtual-machine\//);

  const byFs = await fsx.send(new DescribeStorageVirtualMachinesCommand({
    Filters: [{ Name: 'file-system-id', Values: [svm.FileSystemId] }],
  }));
  assert.deepEqual(byFs.StorageVirtualMachines.map((s) => s.StorageVirtualMachineId), [svm.StorageVirtualMachineId]);
  const byOtherFs = await fsx.send(new DescribeStorageVirtualMachinesCommand({
    Filters: [{ Name: 'file-system-id', Values: ['fs-00000000000000000'] }],
  }));
  assert.deepEqual(byOtherFs.StorageVirtualMachines, []);
  await assertAwsError(() => fsx.send(new DescribeStorageVirtualMachinesCommand({
    StorageVirtualMachineIds: ['svm-0123456789abcdef0'],
  })), 'StorageVirtualMachineNotFound', 400);
});

test('CreateVolume answers CREATING, settles in CREATED, and DeleteVolume makes it go away', async () => {
  const svm = await seededSvm();
  const created = await fsx.send(new CreateVolumeCommand(volumeInput(svm.StorageVirtualMachineId, `home_${run}_a`)));
  const volume = created.Volume;
  assert.match(volume.VolumeId, /^fsvol-[0-9a-f]{17}$/);
  assert.equal(volume.Lifecycle, 'CREATING');
  assert.equal(volume.VolumeType, 'ONTAP');
  assert.equal(volume.FileSystemId, svm.FileSystemId);
  assert.equal(volume.OntapConfiguration.JunctionPath, `/home_${run}_a`);
  assert.equal(volume.OntapConfiguration.SizeInMegabytes, 1024);
  assert.equal(volume.OntapConfiguration.SizeInBytes, 1024 * 1024 * 1024);
  assert.equal(volume.OntapConfiguration.SecurityStyle, 'NTFS');
  assert.deepEqual(volume.OntapConfiguration.TieringPolicy, { Name: 'AUTO', CoolingPeriod: 31 });
  assert.equal(volume.OntapConfiguration.OntapVolumeType, 'RW');
  assert.deepEqual(volume.Tags, [{ Key: 'forge:run', Value: run }]);
  assert.ok(volume.CreationTime instanceof Date);

  await advance('00:05:00');
  const described = await fsx.send(new DescribeVolumesCommand({ VolumeIds: [volume.VolumeId] }));
  assert.equal(described.Volumes.length, 1);
  assert.equal(described.Volumes[0].Lifecycle, 'CREATED');

  const deleted = await fsx.send(new DeleteVolumeCommand({
    VolumeId: volume.VolumeId,
    OntapConfiguration: { SkipFinalBackup: false, FinalBackupTags: [{ Key: 'reason', Value: 'test' }] },
  }));
  assert.equal(deleted.VolumeId, volume.VolumeId);
  assert.equal(deleted.Lifecycle, 'DELETING');
  assert.match(deleted.OntapResponse.FinalBackupId, /^backup-[0-9a-f]{8,}$/);
  const deleting = await fsx.send(new DescribeVolumesCommand({ VolumeIds: [volume.VolumeId] }));
  assert.equal(deleting.Volumes[0].Lifecycle, 'DELETING');

  await advance('00:05:00');
  await assertAwsError(() => fsx.send(new DescribeVolumesCommand({ VolumeIds: [volume.VolumeId] })), 'VolumeNotFound', 400);
  await assertAwsError(() => fsx.send(new DeleteVolumeCommand({ VolumeId: volume.VolumeId })), 'VolumeNotFound', 400);
});

test('CreateVolume is idempotent on ClientRequestToken and refuses the token with other parameters', async () => {
  const svm = await seededSvm();
  const token = `forge-${run}-token`;
  const input = volumeInput(svm.StorageVirtualMachineId, `home_${run}_b`, { ClientRequestToken: token });
  const first = await fsx.send(new CreateVolumeCommand(input));
  const again = await fsx.send(new CreateVolumeCommand(input));
  assert.equal(again.Volume.VolumeId, first.Volume.VolumeId);

  const changed = { ...input, OntapConfiguration: { ...input.OntapConfiguration, SizeInMegabytes: 2048 } };
  await assert.rejects(() => fsx.send(new CreateVolumeCommand(changed)), (error) => {
    assert.equal(error.name, 'IncompatibleParameterError');
    assert.equal(error.Parameter, 'OntapConfiguration.SizeInMegabytes');
    assert.ok(error.message.length > 0);
    return true;
  });
  await fsx.send(new DeleteVolumeCommand({ VolumeId: first.Volume.VolumeId, OntapConfiguration: { SkipFinalBackup: true } }));
});

test('CreateVolume refuses what AWS refuses', async () => {
  const svm = await seededSvm();
  const id = svm.StorageVirtualMachineId;
  const taken = await fsx.send(new CreateVolumeCommand(volumeInput(id, `home_${run}_c`)));
  await assertAwsError(() => fsx.send(new CreateVolumeCommand({
    ...volumeInput(id, `home_${run}_d`),
    OntapConfiguration: { ...volumeInput(id, 'x').OntapConfiguration, JunctionPath: `/home_${run}_c` },
  })), 'BadRequest', 400);
  await assertAwsError(() => fsx.send(new CreateVolumeCommand({
    ...volumeInput(id, `home_${run}_e`),
    OntapConfiguration: { ...volumeInput(id, 'x').OntapConfiguration, JunctionPath: 'no-slash' },
  })), 'BadRequest', 400);
  await assertAwsError(() => fsx.send(new CreateVolumeCommand(volumeInput('svm-0123456789abcdef0', `home_${run}_f`))),
    'StorageVirtualMachineNotFound', 400);
  await assertAwsError(() => fsx.send(new CreateVolumeCommand({ VolumeType: 'ONTAP', Name: `home_${run}_g` })),
    'MissingVolumeConfiguration', 400);
  await assertAwsError(() => fsx.send(new CreateVolumeCommand({
    VolumeType: 'OPENZFS', Name: `home_${run}_h`, OpenZFSConfiguration: { ParentVolumeId: taken.Volume.VolumeId },
  })), 'UnsupportedOperation', 400);
  await fsx.send(new DeleteVolumeCommand({ VolumeId: taken.Volume.VolumeId, OntapConfiguration: { SkipFinalBackup: true } }));
});

test('DescribeVolumes filters by SVM and file system and pages with NextToken', async () => {
  const svm = await seededSvm();
  const ids = [];
  for (const suffix of ['p1', 'p2', 'p3']) {
    const { Volume } = await fsx.send(new CreateVolumeCommand(volumeInput(svm.StorageVirtualMachineId, `home_${run}_${suffix}`)));
    ids.push(Volume.VolumeId);
  }

  const seen = [];
  const pages = paginateDescribeVolumes({ client: fsx, pageSize: 2 }, {
    Filters: [
      { Name: 'storage-virtual-machine-id', Values: [svm.StorageVirtualMachineId] },
      { Name: 'file-system-id', Values: [svm.FileSystemId] },
    ],
  });
  let pageCount = 0;
  for await (const page of pages) {
    pageCount += 1;
    assert.ok(page.Volumes.length <= 2);
    seen.push(...page.Volumes.map((v) => v.VolumeId));
  }
  assert.ok(pageCount >= 2);
  for (const id of ids) assert.ok(seen.includes(id), `${id} missing from the pages`);
  assert.equal(new Set(seen).size, seen.length);

  const none = await fsx.send(new DescribeVolumesCommand({
    Filters: [{ Name: 'file-system-id', Values: ['fs-00000000000000000'] }],
  }));
  assert.deepEqual(none.Volumes, []);
  await assertAwsError(() => fsx.send(new DescribeVolumesCommand({ NextToken: 'AAAA' })), 'BadRequest', 400);
  for (const id of ids) {
    await fsx.send(new DeleteVolumeCommand({ VolumeId: id, OntapConfiguration: { SkipFinalBackup: true } }));
  }
});
