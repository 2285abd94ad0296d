using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Aws;
using Forge.Aws.Ssm;

namespace Forge.Api.Workstation;

/// <summary>
/// Makes sure each of Forge's SSM documents in a region is Forge's own, by content hash, and knows the
/// exact version that holds it, so every command Forge sends names that version. Anyone in the account
/// can change a document with Forge's name: a default version that is not Forge's content (changed by
/// someone else, or an older Forge) is replaced by a new version with Forge's content (or the existing
/// version that already has it), which is then made the default, so a command naming no version runs
/// Forge's content too. Checked once per region and document per process (at start by
/// <see cref="WorkstationSetup"/>, otherwise before the first command); versions never change once made.
/// </summary>
public sealed partial class ForgeDocumentInstaller(SsmClient ssm, ILogger<ForgeDocumentInstaller> logger)
{
    private readonly ConcurrentDictionary<(string Region, string Name), string> _installed = new();

    /// <summary>The version number of Forge's content of <paramref name="name"/> in <paramref name="region"/>, installed first when needed.</summary>
    public async Task<string> EnsureAsync(string region, string name, CancellationToken cancellationToken)
    {
        if (_installed.TryGetValue((region, name), out var known))
        {
            return known;
        }

        var version = await InstallAsync(region, ForgeDocuments.Get(name), cancellationToken);
        _installed[(region, name)] = version;
        return version;
    }

    private async Task<string> InstallAsync(string region, ForgeDocument document, CancellationToken cancellationToken)
    {
        var current = await DescribeDefaultAsync(region, document.Name, cancellationToken);
        if (current is null)
        {
            try
            {
                var created = await ssm.CreateDocumentAsync(new CreateDocumentRequest
                {
                    Name = document.Name, Content = document.Content, DocumentType = DocumentType.Command, DocumentFormat = DocumentFormat.JSON,
                }, region, cancellationToken);
                LogDocument(logger, document.Name, region, "created", created.DocumentDescription.DocumentVersion);
                return created.DocumentDescription.DocumentVersion;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "DocumentAlreadyExists")
            {
                // Another replica (or someone else) made it meanwhile: check it like any existing document.
                current = await DescribeDefaultAsync(region, document.Name, cancellationToken)
                    ?? throw new InvalidOperationException($"{document.Name} exists and does not exist in {region}.", e);
            }
        }

        if (current.Hash == document.Sha256)
        {
            return current.DocumentVersion;
        }

        var version = await VersionWithForgesContentAsync(region, document, current, cancellationToken);
        await ssm.UpdateDocumentDefaultVersionAsync(new UpdateDocumentDefaultVersionRequest { Name = document.Name, DocumentVersion = version },
            region, cancellationToken);
        LogReplaced(logger, document.Name, region, current.DocumentVersion, current.Hash, version);
        return version;
    }

    /// <summary>A new version with Forge's content, or the version that already has it (SSM refuses duplicate content).</summary>
    private async Task<string> VersionWithForgesContentAsync(string region, ForgeDocument document, DocumentDescription current,
        CancellationToken cancellationToken)
    {
        try
        {
            var updated = await ssm.UpdateDocumentAsync(new UpdateDocumentRequest
            {
                Name = document.Name, Content = document.Content, DocumentFormat = DocumentFormat.JSON, DocumentVersion = "$LATEST",
            }, region, cancellationToken);
            return updated.DocumentDescription.DocumentVersion;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "DuplicateDocumentContent")
        {
            for (var number = int.Parse(current.LatestVersion, CultureInfo.InvariantCulture); number >= 1; number--)
            {
                var version = number.ToString(CultureInfo.InvariantCulture);
                var described = await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = document.Name, DocumentVersion = version },
                    region, cancellationToken);
                if (described.Document.Hash == document.Sha256)
                {
                    return version;
                }
            }

            throw;
        }
    }

    /// <summary>The default version's description, or null when the document does not exist.</summary>
    private async Task<DocumentDescription?> DescribeDefaultAsync(string region, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = name, DocumentVersion = "$DEFAULT" }, region, cancellationToken)).Document;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "InvalidDocument")
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "SSM document {Document} {Change} in {Region} (version {Version})")]
    private static partial void LogDocument(ILogger logger, string document, string region, string change, string version);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning,
        Message = "SSM document {Document} in {Region} was not Forge's (default version {Found} has hash {FoundHash}); version {Version} with Forge's content is now the default")]
    private static partial void LogReplaced(ILogger logger, string document, string region, string found, string foundHash, string version);
}
