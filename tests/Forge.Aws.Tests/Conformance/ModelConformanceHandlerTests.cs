using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Models;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Conformance;

/// <summary>
/// The conformance handler judging what Forge's protocol clients really send, and <see cref="VirtualTime"/>
/// driving the resilience pipeline, against a scripted endpoint so that every answer is chosen by the test.
/// </summary>
public sealed class ModelConformanceHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(LocalCloudTestHost.Start);
    private readonly ScriptedEndpoint _endpoint = new();
    private readonly ModelConformanceHandler _handler;
    private readonly AwsClientFactory _aws;

    public ModelConformanceHandlerTests()
    {
        _handler = new ModelConformanceHandler(_endpoint);
        _aws = AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = new Uri("http://scripted.invalid/"),
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, _time, _handler);
        VirtualTime.Register(_time, _handler);
    }

    public void Dispose()
    {
        VirtualTime.Unregister(_time);
        _handler.Dispose();
        _endpoint.Dispose();
    }

    [Fact]
    public async Task A_json_request_with_an_unknown_member_and_a_bad_enum_is_recorded()
    {
        var input = JsonNode.Parse("""{"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"u","BundleId":"wsb-clj85qzj1","Colour":"red","WorkspaceProperties":{"RunningMode":"auto_stop"}}]}""")!;

        await _aws.Json(AwsServices.WorkSpaces).InvokeAsync<JsonNode, Dictionary<string, object>>("CreateWorkspaces", input, null, default);

        Assert.Equal(
            [("workspaces", "CreateWorkspaces", ModelViolationKind.UnknownMember, "Workspaces[0].Colour"),
             ("workspaces", "CreateWorkspaces", ModelViolationKind.Enum, "Workspaces[0].WorkspaceProperties.RunningMode")],
            _handler.Violations.Select(v => (v.Service, v.Operation, v.Violation.Kind, v.Violation.Path)));
    }

    [Fact]
    public async Task A_conforming_json_request_and_a_conforming_query_request_record_nothing()
    {
        await _aws.Json(AwsServices.CloudWatch).InvokeAsync<JsonNode, Dictionary<string, object>>("PutMetricData",
            JsonNode.Parse("""{"Namespace":"Forge","MetricData":[{"MetricName":"PoolSize","Value":1}]}""")!, null, default);
        await _aws.Query(AwsServices.Sns).InvokeAsync("Publish",
            [new("TopicArn", "arn:aws:sns:us-east-1:000000000000:forge"), new("Message", "hi")], null, default);

        Assert.Equal(2, _handler.Sent);
        Assert.Empty(_handler.Violations);
    }

    [Fact]
    public async Task A_query_request_is_judged_by_the_model_of_its_signing_name()
    {
        await _aws.Query(AwsServices.Sns).InvokeAsync("Publish", [new("TopicArn", "arn"), new("Mesage", "hi")], null, default);

        Assert.Equal(["Mesage", "Message"], _handler.Violations.Select(v => v.Violation.Path).Order(StringComparer.Ordinal));
        Assert.All(_handler.Violations, v => Assert.Equal(("sns", "Publish"), (v.Service, v.Operation)));
    }

    [Fact]
    public async Task Retries_back_off_in_virtual_time_while_real_requests_complete()
    {
        _endpoint.FailFirst(3, HttpStatusCode.ServiceUnavailable);

        var result = await VirtualTime.RunAsync(_time, () => _aws.Json(AwsServices.Ssm)
            .InvokeAsync<JsonObject, Dictionary<string, object>>("DescribeInstanceInformation", [], null, default));

        Assert.NotNull(result);
        Assert.Equal(4, _endpoint.Dates.Count);
        // Retries were signed later on the fake clock (to the second): the backoff passed in virtual time.
        Assert.True(_endpoint.Dates.Zip(_endpoint.Dates.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) <= 0)
            && string.CompareOrdinal(_endpoint.Dates[0], _endpoint.Dates[^1]) < 0, string.Join(", ", _endpoint.Dates));
    }

    [Fact]
    public async Task Requests_queued_by_the_rate_limiter_are_released_by_virtual_time()
    {
        var aws = AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = new Uri("http://scripted.invalid/"),
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
            Resilience = new AwsResilienceOptions { RequestsPerSecond = { ["fsx"] = 1 }, BurstSeconds = 1 },
        }, _time, _handler);
        var start = _time.GetUtcNow();

        await VirtualTime.RunAsync(_time, () => Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            aws.Json(AwsServices.Fsx).InvokeAsync<JsonObject, Dictionary<string, object>>("DescribeVolumes", [], null, default))));

        Assert.Equal(3, _endpoint.Dates.Count);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(2), $"only {_time.GetUtcNow() - start} passed");
    }

    [Fact]
    public async Task Virtual_time_refuses_a_clock_without_a_registered_handler()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => VirtualTime.RunAsync(new FakeTimeProvider(), () => Task.FromResult(1)));
    }

    /// <summary>Answers 200 with an empty body, or the scripted failure for the first attempts; records each request's signing date.</summary>
    private sealed class ScriptedEndpoint : HttpMessageHandler
    {
        private readonly Lock _gate = new();
        private int _failures;
        private HttpStatusCode _failure;

        public List<string> Dates { get; } = [];

        public void FailFirst(int count, HttpStatusCode status) => (_failures, _failure) = (count, status);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Dates.Add(request.Headers.GetValues("X-Amz-Date").Single());
                var fail = _failures-- > 0;
                var response = new HttpResponseMessage(fail ? _failure : HttpStatusCode.OK)
                {
                    Content = fail ? new StringContent("""{"__type":"ServiceUnavailableException","message":"busy"}""", Encoding.UTF8) : new ByteArrayContent([]),
                };
                return Task.FromResult(response);
            }
        }
    }
}
