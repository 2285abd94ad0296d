using System.IO.Compression;

namespace Forge.LocalCloud.Protocol;

/// <summary>
/// Undoes <c>Content-Encoding: gzip</c>, which SDKs use for large PutMetricData bodies (the operation's
/// <c>requestcompression</c> trait). The signature covers the compressed bytes, so this runs after verification.
/// </summary>
public static class RequestContentEncoding
{
    public static byte[] Decode(HttpRequest request, byte[] body, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var encodings = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (encodings.Length == 0 || encodings.All(e => e.Equals("identity", StringComparison.OrdinalIgnoreCase)))
        {
            return body;
        }

        if (encodings is not [var only] || !only.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalCloudException("UnsupportedMediaType", $"Content-Encoding '{string.Join(", ", encodings)}' is not supported; use gzip.", 415);
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                // A small body can inflate to gigabytes: stop at the same bound as uncompressed bodies.
                if (plain.Length + read > maxBytes)
                {
                    throw new LocalCloudException("RequestEntityTooLarge", $"Decompressed request body exceeds {maxBytes} bytes.", 413);
                }

                plain.Write(chunk, 0, read);
            }

            return plain.ToArray();
        }
        catch (InvalidDataException error)
        {
            throw new LocalCloudException("SerializationException", $"The gzip request body is corrupt: {error.Message}");
        }
    }
}
