using Forge.Aws.Signing;
using Forge.Tests.Support;

namespace Forge.Aws.Tests.Signing;

/// <summary>
/// The official SigV4 vectors (aws-c-auth, header signing). All 38 apply: each gives the canonical
/// request, string to sign and signature for the headers the request carries.
/// </summary>
public sealed class SigV4VectorTests
{
    public static TheoryData<string> Vectors => [.. SigV4Vector.Names()];

    [Fact]
    public void The_suite_is_complete()
    {
        Assert.Equal(38, SigV4Vector.Names().Count());
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Canonical_request_string_to_sign_and_signature_match_the_vector(string name)
    {
        var vector = SigV4Vector.Load(name);
        var headers = vector.SignedHeaders();
        var signedNames = headers.Select(h => h.Key.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();

        var canonical = SigV4.CanonicalRequest(vector.Method, vector.RawPath, vector.RawQuery, headers, signedNames,
            SigV4.HashHex(vector.Body), vector.Normalize);
        var scope = SigV4.Scope(vector.Timestamp, vector.Region, vector.Service);
        var stringToSign = SigV4.StringToSign(canonical, vector.Timestamp, scope);
        var signature = SigV4.Signature(SigV4.SigningKey(vector.Credentials.SecretAccessKey, vector.Timestamp, vector.Region, vector.Service), stringToSign);

        Assert.Equal(vector.ExpectedCanonicalRequest, canonical);
        Assert.Equal(vector.ExpectedStringToSign, stringToSign);
        Assert.Equal(vector.ExpectedSignature, signature);
        Assert.Equal(vector.ExpectedAuthorization, SigV4.AuthorizationHeader(vector.Credentials.AccessKeyId, scope, signedNames, signature));
    }
}
