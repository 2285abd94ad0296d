using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

/// <summary>
/// AWS Secrets Manager on the local cloud: secrets per region with versions and staging labels,
/// idempotent writes by ClientRequestToken, tags, filters and rotation that generates a new value
/// itself (there is no Lambda here). Secret values are never logged nor put in error messages.
/// </summary>
public sealed partial class LocalSecretsManager(SecretStore store, LocalIds ids, LocalCloudOptions options) : IJsonLocalService
{
    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "GetSecretValue", "BatchGetSecretValue", "ListSecrets", "DescribeSecret", "CreateSecret", "PutSecretValue",
        "TagResource", "RotateSecret", "DeleteSecret",
    };

    public AwsService Service => AwsServices.SecretsManager;

    public string ErrorMessageMember => "Message";

    public bool HasOperation(string operation) => Operations.Contains(operation);

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new JsonInput(input, "InvalidParameterException");
        lock (store.Gate)
        {
            store.PurgeDue(context.Now);
            JsonObject? output = operation switch
            {
                "DeleteSecret" => DeleteSecret(request, context),
                "CreateSecret" => CreateSecret(request, context),
                "PutSecretValue" => PutSecretValue(request, context),
                "TagResource" => TagResource(request, context),
                "GetSecretValue" => GetSecretValue(request, context),
                "BatchGetSecretValue" => BatchGetSecretValue(request, context),
                "ListSecrets" => ListSecrets(request, context),
                "DescribeSecret" => DescribeSecret(request, context),
                "RotateSecret" => RotateSecret(request, context),
                _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported."),
            };
            return ValueTask.FromResult(output);
        }
    }

    private JsonObject CreateSecret(JsonInput request, LocalRequestContext context)
    {
        var name = SecretValidation.Name(request.RequiredString("Name"));
        var token = SecretValidation.Token(request);
        var (secretString, secretBinary) = SecretValidation.Value(request, required: false);
        var tags = SecretValidation.Tags(request);
        if (store.Find(context.Region, name) is { } existing)
        {
            // The retry of a create that already worked (same token, same value) answers as the first did.
            if (token is not null && existing.Find(token) is { } same && same.SameValue(secretString, secretBinary))
            {
                return new JsonObject { ["ARN"] = existing.Arn, ["Name"] = existing.Name, ["VersionId"] = same.VersionId };
            }

            throw new LocalCloudException("ResourceExistsException", $"The operation failed because the secret {name} already exists.");
        }

        var arn = $"arn:aws:secretsmanager:{context.Region}:{options.AccountId}:secret:{name}-{ids.Chars(6, SecretValidation.ArnSuffixAlphabet)}";
        var secret = new SecretRecord(context.Region, name, arn, context.Now)
        {
            Description = request.String("Description", 0, 2048),
            KmsKeyId = request.String("KmsKeyId", 0, 2048),
        };
        secret.Tags.AddRange(tags);
        store.Add(secret);

        var output = new JsonObject { ["ARN"] = arn, ["Name"] = name };
        if (secretString is not null || secretBinary is not null)
        {
            var version = new SecretVersion(token ?? NewVersionId(), secretString, secretBinary, context.Now);
            secret.Versions.Add(version);
            secret.MoveStages(version, [SecretStages.Current]);
            output["VersionId"] = version.VersionId;
        }

        return output;
    }

    private JsonObject PutSecretValue(JsonInput request, LocalRequestContext context)
    {
        var secret = Resolve(request, context);
        var token = SecretValidation.Token(request) ?? NewVersionId();
        var (secretString, secretBinary) = SecretValidation.Value(request, required: true);
        var stages = request.Strings("VersionStages", 1, 20);
        stages?.ForEach(stage => SecretValidation.Stage(stage));

        var version = secret.Find(token);
        if (version is not null)
        {
            // Same token, same value: the retry of a call that already worked. A different value can
            // never overwrite a version: versions are immutable.
            if (!version.SameValue(secretString, secretBinary))
            {
                throw new LocalCloudException("ResourceExistsException",
                    $"You can't modify an existing version, you can only create a new version. VersionId: {token}");
            }
        }
        else
        {
            version = new SecretVersion(token, secretString, secretBinary, context.Now);
            secret.Versions.Add(version);
            secret.MoveStages(version, stages ?? [SecretStages.Current]);
            secret.LastChangedDate = context.Now;
        }

        return new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = version.VersionId,
            ["VersionStages"] = SecretJson.Strings(version.Stages),
        };
    }

    private JsonObject? TagResource(JsonInput request, LocalRequestContext context)
    {
        var secret = Resolve(request, context);
        if (request.Array("Tags") is null)
        {
            throw request.Invalid("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }

        foreach (var tag in SecretValidation.Tags(request))
        {
            var index = secret.Tags.FindIndex(t => t.Key == tag.Key);
            if (index >= 0)
            {
                secret.Tags[index] = tag;
            }
            else
            {
                secret.Tags.Add(tag);
            }
        }

        if (secret.Tags.Count > SecretValidation.MaxTags)
        {
            throw new LocalCloudException("InvalidParameterException", $"A secret can have at most {SecretValidation.MaxTags} tags.");
        }

        secret.LastChangedDate = context.Now;
        return null;
    }

    /// <summary>
    /// Marks a secret for deletion after a recovery window (7 to 30 days, default 30), or deletes it at once with
    /// ForceDeleteWithoutRecovery. A marked secret refuses reads and writes until it goes; DescribeSecret still shows it.
    /// </summary>
    private JsonObject DeleteSecret(JsonInput request, LocalRequestContext context)
    {
        var secret = Resolve(request, context, allowDeleted: true);
        var force = request.Bool("ForceDeleteWithoutRecovery") == true;
        var window = request.Long("RecoveryWindowInDays");
        if (force && window is not null)
        {
            throw request.Invalid("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }

        if (window is < 7 or > 30)
        {
            throw request.Invalid("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }

        if (force)
        {
            store.Remove(secret);
            return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["DeletionDate"] = JsonValue.Create(context.Now) };
        }

        secret.DeletedDate ??= context.Now;
        secret.DeletionDate ??= context.Now.AddDays(window ?? 30);
        return new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["DeletionDate"] = JsonValue.Create(secret.DeletionDate.Value) };
    }

    private SecretRecord Resolve(JsonInput request, LocalRequestContext context, bool allowDeleted = false)
    {
        var id = request.String("SecretId", 1, 2048)
            ?? throw request.Invalid("1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null");
        var secret = store.Find(context.Region, id)
            ?? throw new LocalCloudException("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        return secret.DeletedDate is null || allowDeleted
            ? secret
            : throw new LocalCloudException("InvalidRequestException",
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    private string NewVersionId() => ids.NewGuid().ToString();
}
