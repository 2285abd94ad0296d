using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Forge.Aws;
using Forge.Aws.Signing;
using Forge.Aws.WorkSpaces;
using Forge.LocalCloud;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Bench;

/// <summary>
/// DescribeWorkspaces in pages of 25 over 10 000 WorkSpaces in one region of the local cloud, three ways:
/// a pre-signed raw HTTP request (the local cloud's own cost plus loopback HTTP), the same page through
/// Forge.Aws (adds serialisation, signing, the resilience pipeline and decoding: the difference is
/// Forge.Aws's overhead), and the whole 400-page walk through Forge.Aws.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class DescribeWorkspacesBenchmarks
{
    private const int WorkspaceCount = 10_000;
    private const string Region = "us-east-1";

    private FakeTimeProvider _clock = null!;
    private RunningLocalCloud _cloud = null!;
    private WorkSpacesClient _client = null!;
    private HttpClient _http = null!;
    private string _directoryId = "";
    private List<string> _tokens = [];
    private byte[] _middlePageBody = [];
    private int _next;

    [GlobalSetup]
    public async Task SetUp()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        _cloud = await LocalCloudServer.StartAsync(_clock, o => o.Regions = [Region]);
        var options = new AwsOptions
        {
            DefaultRegion = Region,
            ServiceUrl = _cloud.BaseAddress,
            AccessKeyId = LocalCloudDefaults.AccessKeyId,
            SecretAccessKey = LocalCloudDefaults.SecretAccessKey,
        };
        options.Resilience.RequestsPerSecond["workspaces"] = 1_000_000;
        _client = new WorkSpacesClient(AwsClientFactory.Create(options, _clock));
        _http = new HttpClient();

        var directory = (await _client.DescribeWorkspaceDirectoriesAsync(new DescribeWorkspaceDirectoriesRequest())).Directories![0];
        var bundle = (await _client.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" })).Bundles![0];
        _directoryId = directory.DirectoryId!;
        for (var batch = 0; batch < WorkspaceCount / 25; batch++)
        {
            await _client.CreateWorkspacesAsync(new CreateWorkspacesRequest
            {
                Workspaces = [.. Enumerable.Range(0, 25).Select(i => new WorkspaceRequest
                {
                    DirectoryId = _directoryId,
                    BundleId = bundle.BundleId!,
                    UserName = $"bench-{batch:D4}-{i:D2}",
                })],
            });
        }

        _clock.Advance(TimeSpan.FromMinutes(30));
        string? token = null;
        do
        {
            var page = await _client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = _directoryId, Limit = 25, NextToken = token });
            token = page.NextToken;
            if (token is not null)
            {
                _tokens.Add(token);
            }
        }
        while (token is not null);

        _middlePageBody = Encoding.UTF8.GetBytes(
            $$"""{"DirectoryId":"{{_directoryId}}","Limit":25,"NextToken":"{{_tokens[_tokens.Count / 2]}}"}""");
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        _http.Dispose();
        await _cloud.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "one page, pre-signed raw HTTP")]
    public async Task<int> PageRawHttp()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _cloud.BaseAddress);
        request.Content = new ByteArrayContent(_middlePageBody);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "WorkspacesService.DescribeWorkspaces");
        SigV4Signer.Sign(request, _middlePageBody, new AwsCredentials(LocalCloudDefaults.AccessKeyId, LocalCloudDefaults.SecretAccessKey),
            Region, "workspaces", _clock.GetUtcNow());
        using var response = await _http.SendAsync(request);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "one page through Forge.Aws")]
    public async Task<int> PageForgeAws()
    {
        var token = _tokens[_next++ % _tokens.Count];
        var page = await _client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = _directoryId, Limit = 25, NextToken = token });
        return page.Workspaces!.Count;
    }

    [Benchmark(Description = "all 400 pages through Forge.Aws")]
    public async Task<int> AllPagesForgeAws()
    {
        var count = 0;
        await foreach (var _ in _client.DescribeAllWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = _directoryId, Limit = 25 }))
        {
            count++;
        }

        return count;
    }
}
