using System.Text;
using BenchmarkDotNet.Attributes;
using Forge.Aws;
using Forge.Aws.Signing;

namespace Forge.Bench;

/// <summary>What SigV4 costs Forge per request: canonicalise, hash and sign a DescribeWorkspaces call.</summary>
[MemoryDiagnoser]
[InProcess]
public class SigningBenchmarks
{
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"DirectoryId":"d-1234567890","Limit":25}""");

    [Benchmark]
    public string SignDescribeWorkspaces()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://workspaces.us-east-1.amazonaws.com/");
        request.Content = new ByteArrayContent(_body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "WorkspacesService.DescribeWorkspaces");
        SigV4Signer.Sign(request, _body, Credentials, "us-east-1", "workspaces", Now);
        return request.Headers.Authorization?.ToString() ?? "";
    }
}
