using System.Net.Http.Json;
using Forge.Aws.Sns;
using Forge.Aws.Tests.Conformance;
using Forge.Aws.WorkSpaces;
using Forge.LocalCloud;
using Forge.LocalCloud.Faults;

namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// A <see cref="LocalCloudTestHost"/> for resilience tests: Forge's default resilience options (not the
/// host's generous rate limits unless a test lowers them itself), a seeded local cloud, an
/// <see cref="AttemptRecorder"/> on the wire, and fault rules set through the control endpoint.
/// </summary>
#pragma warning disable CA1001 // The recorder is the conformance handler's inner handler, disposed with it.
public abstract class ResilienceTestHost : LocalCloudTestHost
#pragma warning restore CA1001
{
    public const string Region = "us-east-1";
    public const string Topic = "arn:aws:sns:us-east-1:000000000000:forge-notifications";

    private AttemptRecorder? _recorder;

    public AttemptRecorder Recorder => _recorder ?? throw new InvalidOperationException("Not started.");

    public WorkSpacesClient WorkSpaces => new(Aws);

    public SnsClient Sns => new(Aws);

    /// <summary>A WorkSpaces call every test can make: it needs no resources and is answered from the seed.</summary>
    public Task<DescribeWorkspacesResult> DescribeAsync() => WorkSpaces.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { Limit = 5 });

    public Task<PublishResponse> PublishAsync() => Sns.PublishAsync(new PublishInput { TopicArn = Topic, Message = "ready" });

    /// <summary>Replaces the local cloud's fault rules through <c>PUT /_localcloud/faults</c>, as an operator would.</summary>
    public async Task SetFaultsAsync(params FaultRule[] rules)
    {
        using var control = new HttpClient { BaseAddress = Cloud.BaseAddress };
        using var response = await control.PutAsJsonAsync(new Uri("_localcloud/faults", UriKind.Relative), new { faults = rules });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits, without moving the clock, until <paramref name="count"/> requests are in flight.</summary>
    public async Task WhenInFlightAsync(int count)
    {
        while (true)
        {
            var change = Conformance.NextChangeAsync();
            if (Conformance.InFlight >= count)
            {
                return;
            }

            await change;
        }
    }

    /// <summary>Waits, without moving the clock, until no request is in flight.</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            var change = Conformance.NextChangeAsync();
            if (Conformance.InFlight == 0)
            {
                return;
            }

            await change;
        }
    }

    protected override void ConfigureLocalCloud(LocalCloudOptions options) => options.RandomSeed = 20261126;

    protected override void ConfigureAws(AwsOptions options)
    {
        options.DefaultRegion = Region;
        options.Resilience = new AwsResilienceOptions();
        // Rate limits are their own test; here they only must not hold up the runs of many operations.
        foreach (var service in AwsServices.All)
        {
            options.Resilience.RequestsPerSecond[service.Name] = 1000;
        }
    }

    protected override HttpMessageHandler CreateInnerHandler() => _recorder = new AttemptRecorder(Time);
}
