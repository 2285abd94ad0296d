namespace Forge.LocalCloud.Hosting;

/// <summary>Generates AWS-looking identifiers from the local cloud's random source.</summary>
public sealed class LocalIds(Random random)
{
    private readonly Lock _gate = new();

    /// <summary>Lower-case hex digits, e.g. <c>Hex(17)</c> for <c>mi-</c> and <c>fsvol-</c> ids.</summary>
    public string Hex(int length) => Chars(length, "0123456789abcdef");

    /// <summary>Lower-case letters and digits, e.g. for <c>ws-</c> ids.</summary>
    public string Alphanumeric(int length) => Chars(length, "0123456789abcdefghijklmnopqrstuvwxyz");

    public string Chars(int length, string alphabet)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        lock (_gate)
        {
            return string.Create(length, alphabet, (span, chars) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = chars[random.Next(chars.Length)];
                }
            });
        }
    }

    public Guid NewGuid()
    {
        var bytes = new byte[16];
        lock (_gate)
        {
            random.NextBytes(bytes);
        }

        return new Guid(bytes);
    }
}
