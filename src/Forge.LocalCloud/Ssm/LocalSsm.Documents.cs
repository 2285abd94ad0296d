using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;
using Forge.LocalCloud.SecretsManager;

namespace Forge.LocalCloud.Ssm;

public sealed partial class LocalSsm
{
    private JsonObject CreateDocument(JsonInput request, LocalRequestContext context)
    {
        var name = DocumentName(request.RequiredString("Name"));
        var content = request.RequiredString("Content");
        var format = DocumentFormat(request);
        var type = request.String("DocumentType") ?? "Command";
        if (name.StartsWith("aws-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("amazon", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("amzn", StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalCloudException("ValidationException", "Document names starting with aws-, amazon or amzn are reserved.");
        }

        var documents = Documents(context.Region);
        if (documents.ContainsKey(name))
        {
            throw new LocalCloudException("DocumentAlreadyExists", "Document with same name " + name + " already exists");
        }

        var parsed = SsmDocumentContent.Parse(content, format);
        var document = new SsmDocument(name, options.AccountId, type, request.String("TargetType"), context.Now);
        foreach (var tag in request.Structures("Tags"))
        {
            document.Tags.Add(KeyValuePair.Create(tag.RequiredString("Key"), tag.RequiredString("Value")));
        }

        document.Versions.Add(new SsmDocumentVersion(1, content, format, SsmDocumentContent.Hash(content), parsed,
            VersionName(request), request.String("DisplayName"), context.Now));
        documents.Add(name, document);
        return new JsonObject { ["DocumentDescription"] = Describe(document, document.Latest) };
    }

    private JsonObject UpdateDocument(JsonInput request, LocalRequestContext context)
    {
        var document = FindDocument(request.RequiredString("Name"), context);
        var content = request.RequiredString("Content");
        if (document.IsAwsOwned)
        {
            throw new LocalCloudException("InvalidDocumentOperation", "You can't update a document that AWS owns.");
        }

        var version = request.String("DocumentVersion");
        if (version is not null && version != "$LATEST" && version != document.Latest.Number.ToString(CultureInfo.InvariantCulture))
        {
            throw new LocalCloudException("InvalidDocumentVersion", "Only the latest version of a document can be updated.");
        }

        var format = DocumentFormat(request);
        var hash = SsmDocumentContent.Hash(content);
        if (document.Versions.Any(v => v.Hash == hash))
        {
            throw new LocalCloudException("DuplicateDocumentContent", "The content of the association document matches another document. Change the content of the document and try again.");
        }

        var versionName = VersionName(request);
        if (versionName is not null && document.Versions.Any(v => v.VersionName == versionName))
        {
            throw new LocalCloudException("DuplicateDocumentVersionName", $"The version name {versionName} is already used by a version of this document.");
        }

        var parsed = SsmDocumentContent.Parse(content, format);
        var next = new SsmDocumentVersion(document.Latest.Number + 1, content, format, hash, parsed, versionName,
            request.String("DisplayName") ?? document.Latest.DisplayName, context.Now);
        document.Versions.Add(next);
        return new JsonObject { ["DocumentDescription"] = Describe(document, next) };
    }

    /// <summary>
    /// Makes a version the one SendCommand runs when it names none (or <c>$DEFAULT</c>). As in SSM, only
    /// a version number is accepted (pattern <c>^[1-9][0-9]*$</c>), not <c>$LATEST</c>.
    /// </summary>
    private JsonObject UpdateDocumentDefaultVersion(JsonInput request, LocalRequestContext context)
    {
        var document = FindDocument(request.RequiredString("Name"), context);
        var requested = request.RequiredString("DocumentVersion");
        if (!DocumentVersionNumberPattern().IsMatch(requested))
        {
            throw new LocalCloudException("ValidationException",
                $"1 validation error detected: Value '{requested}' at 'documentVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (^[1-9][0-9]*$)");
        }

        if (document.IsAwsOwned)
        {
            throw new LocalCloudException("InvalidDocument", "You can't change the default version of a document that AWS owns.");
        }

        var version = SelectVersion(document, requested, null);
        document.DefaultVersion = version.Number;
        var description = new JsonObject { ["Name"] = document.Name, ["DefaultVersion"] = Number(version.Number) };
        Add(description, "DefaultVersionName", version.VersionName);
        return new JsonObject { ["Description"] = description };
    }

    private JsonObject DescribeDocument(JsonInput request, LocalRequestContext context)
    {
        var document = FindDocument(request.RequiredString("Name"), context);
        var version = SelectVersion(document, request.String("DocumentVersion"), request.String("VersionName"));
        return new JsonObject { ["Document"] = Describe(document, version) };
    }

    /// <summary>A document by name or ARN (<c>arn:aws:ssm:region:account:document/Name</c>); InvalidDocument when absent.</summary>
    private SsmDocument FindDocument(string nameOrArn, LocalRequestContext context)
    {
        var slash = nameOrArn.LastIndexOf('/');
        var name = nameOrArn.StartsWith("arn:", StringComparison.Ordinal) && slash > 0 ? nameOrArn[(slash + 1)..] : nameOrArn;
        return Documents(context.Region).GetValueOrDefault(name)
            ?? throw new LocalCloudException("InvalidDocument", $"Document with name {name} does not exist.");
    }

    /// <summary><c>$DEFAULT</c> (also when nothing is given), <c>$LATEST</c>, a number, or a version name.</summary>
    private static SsmDocumentVersion SelectVersion(SsmDocument document, string? version, string? versionName)
    {
        var selected = version switch
        {
            null when versionName is not null => document.Versions.Find(v => v.VersionName == versionName),
            null or "$DEFAULT" => document.Versions[document.DefaultVersion - 1],
            "$LATEST" => document.Latest,
            _ when int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= document.Versions.Count
                => document.Versions[n - 1],
            _ => null,
        };
        if (selected is null || (versionName is not null && selected.VersionName != versionName))
        {
            throw new LocalCloudException("InvalidDocumentVersion", "The document version is not valid or does not exist.");
        }

        return selected;
    }

    private static string DocumentName(string name) => DocumentNamePattern().IsMatch(name)
        ? name
        : throw new LocalCloudException("ValidationException",
            $"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{{3,128}}$");

    private static string DocumentFormat(JsonInput request) => request.String("DocumentFormat") switch
    {
        null => "JSON",
        string format when format is "JSON" or "YAML" or "TEXT" => format,
        var other => throw new LocalCloudException("ValidationException", $"DocumentFormat '{other}' is not one of JSON, YAML, TEXT."),
    };

    private static string? VersionName(JsonInput request) => request.String("VersionName") is { } name && !VersionNamePattern().IsMatch(name)
        ? throw new LocalCloudException("ValidationException", "VersionName must match ^[a-zA-Z0-9_\\-.]{1,128}$.")
        : request.String("VersionName");

    [GeneratedRegex(@"^[a-zA-Z0-9_\-.]{3,128}$")]
    private static partial Regex DocumentNamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_\-.]{1,128}$")]
    private static partial Regex VersionNamePattern();

    [GeneratedRegex(@"^[1-9][0-9]*\z")]
    private static partial Regex DocumentVersionNumberPattern();
}
