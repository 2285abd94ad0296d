using System.Buffers.Text;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

/// <summary>The checks Secrets Manager makes on names, tokens, values, labels and tags.</summary>
internal static class SecretValidation
{
    public const int MaxTags = 50;

    public const int MaxValueLength = 65_536;

    /// <summary>The alphabet of the six characters after the name in an ARN.</summary>
    public const string ArnSuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Name(string name)
    {
        if (name.Length is < 1 or > 512 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "/_+=.@-".Contains(c, StringComparison.Ordinal)))
        {
            throw new LocalCloudException("InvalidParameterException",
                "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }

        return name;
    }

    public static string? Token(JsonInput request) => request.String("ClientRequestToken", 32, 64);

    public static void Stage(string stage)
    {
        if (stage.Length is < 1 or > 256)
        {
            throw new LocalCloudException("InvalidParameterException", "A staging label must be 1 to 256 characters long.");
        }
    }

    /// <summary>Exactly one of SecretString and SecretBinary (or neither, when not required).</summary>
    public static (string? SecretString, byte[]? SecretBinary) Value(JsonInput request, bool required)
    {
        var secretString = request.String("SecretString");
        var encoded = request.String("SecretBinary");
        if (secretString is not null && encoded is not null)
        {
            throw new LocalCloudException("InvalidParameterException",
                "You can't specify both a binary secret value and a string secret value in the same secret.");
        }

        if (required && secretString is null && encoded is null)
        {
            throw new LocalCloudException("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
        }

        byte[]? binary = null;
        if (encoded is not null)
        {
            binary = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
            if (!Convert.TryFromBase64String(encoded, binary, out var written))
            {
                throw new LocalCloudException("SerializationException", "SecretBinary must be base64-encoded.");
            }

            binary = binary[..written];
        }

        var length = secretString?.Length ?? binary?.Length;
        if (length is < 1 or > MaxValueLength)
        {
            // The message names the limit, never the value.
            throw new LocalCloudException("InvalidParameterException", $"The secret value must be 1 to {MaxValueLength} bytes long.");
        }

        return (secretString, binary);
    }

    public static List<KeyValuePair<string, string>> Tags(JsonInput request)
    {
        var tags = new List<KeyValuePair<string, string>>();
        foreach (var tag in request.Structures("Tags"))
        {
            var key = tag.String("Key") ?? throw new LocalCloudException("InvalidParameterException", "A tag must have a Key.");
            var value = tag.String("Value") ?? "";
            if (key.Length is < 1 or > 128 || value.Length > 256)
            {
                throw new LocalCloudException("InvalidParameterException", "Tag keys are 1 to 128 characters and values at most 256.");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw new LocalCloudException("InvalidParameterException", "The aws: prefix is reserved for tags that AWS adds.");
            }

            tags.RemoveAll(t => t.Key == key);
            tags.Add(KeyValuePair.Create(key, value));
        }

        if (tags.Count > MaxTags)
        {
            throw new LocalCloudException("InvalidParameterException", $"A secret can have at most {MaxTags} tags.");
        }

        return tags;
    }
}
