using System.Security.Cryptography;
using System.Text.Json;
using Forge.Api.DomainJoin;
using Forge.Api.Regions;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.SecretsManager;
using Forge.Aws.Ssm;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workstation;

/// <summary>
/// At start, in every enabled region: installs Forge's SSM documents through
/// <see cref="ForgeDocumentInstaller"/> (created when missing; a default version whose content hash is
/// not Forge's, changed by anyone, replaced and made the default again) and, against the local cloud, creates the
/// domain-join credentials secret with a generated password when the region configures none. Each
/// region is done independently: one failing region is logged and retried later, the others go on.
/// </summary>
public sealed partial class WorkstationSetup(
    ForgeDocumentInstaller documents, SecretsManagerClient secrets, JoinCredentials credentials, IOptions<RegionOptions> regions, IOptions<AwsOptions> aws,
    TimeProvider timeProvider, ILogger<WorkstationSetup> logger) : BackgroundService
{
    public const string JoinSecretName = "forge/domain-join";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Busy work until done: a test's clock is not quiet while documents are still being installed (its retry delay counts as waiting).
        using var work = Jobs.JobQuiescence.Of(timeProvider).BeginWork("start-up setup");
        work.MakeCurrent();
        var pending = regions.Value.Enabled().ToList();
        while (pending.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            foreach (var region in pending.ToList())
            {
                try
                {
                    await InstallDocumentsAsync(region, stoppingToken);
                    await EnsureJoinSecretAsync(region, stoppingToken);
                    pending.Remove(region);
                }
#pragma warning disable CA1031 // Whatever one region's setup throws (a timeout, an open circuit), it is retried: it must not stop Forge.
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    LogRegionFailed(logger, e, region);
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(RetryDelay, timeProvider, stoppingToken);
            }
        }
    }

    private async Task InstallDocumentsAsync(string region, CancellationToken cancellationToken)
    {
        foreach (var document in ForgeDocuments.All.Values)
        {
            await documents.EnsureAsync(region, document.Name, cancellationToken);
        }
    }

    private async Task EnsureJoinSecretAsync(string region, CancellationToken cancellationToken)
    {
        if (credentials.ArnFor(region) is not null || aws.Value.ServiceUrl is null)
        {
            return; // Configured, or real AWS (where the secret is the deployment's to provide).
        }

        try
        {
            var created = await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = JoinSecretName,
                Description = "Account that joins Forge workstations to the domain (local cloud).",
                SecretString = JsonSerializer.Serialize(new { username = "forge-join", password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)) }),
            }, region, cancellationToken);
            credentials.Created(region, created.ARN!);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceExistsException")
        {
            var existing = await secrets.DescribeSecretAsync(new DescribeSecretRequest { SecretId = JoinSecretName }, region, cancellationToken);
            credentials.Created(region, existing.ARN!);
        }
    }

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Could not set up workstation documents or join credentials in {Region}; retrying later")]
    private static partial void LogRegionFailed(ILogger logger, Exception exception, string region);
}
