namespace Forge.LocalCloud.Faults;

/// <summary>
/// One injected fault: for matching calls, answer <see cref="ErrorCode"/> at <see cref="Rate"/>
/// (0..1) and/or add <see cref="Latency"/>. <c>*</c> matches any service or operation.
/// </summary>
public sealed class FaultRule
{
    /// <summary>Service name as in Forge.Aws (<c>workspaces</c>, <c>fsx</c>, <c>secretsmanager</c>, <c>ssm</c>, <c>ds</c>, <c>cloudwatch</c>, <c>sns</c>) or <c>*</c>.</summary>
    public string Service { get; set; } = "*";

    /// <summary>Operation name, e.g. <c>DescribeWorkspaces</c>, or <c>*</c>.</summary>
    public string Operation { get; set; } = "*";

    /// <summary>AWS error code to answer, e.g. <c>ThrottlingException</c>; unset: latency only.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>HTTP status of the error; unset: 500 for server-side codes, else 400.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Share of matching calls that fail, 0 to 1. Default 1.</summary>
    public double Rate { get; set; } = 1;

    /// <summary>Added to every matching call.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Added to the build time of each WorkSpace created while the rule is active (a rule on <c>workspaces</c>
    /// <c>CreateWorkspaces</c>): a slow build, as AWS has on a bad day. Unlike <see cref="Latency"/> the call
    /// itself answers at once; the WorkSpace stays PENDING longer.
    /// </summary>
    public TimeSpan BuildDelay { get; set; }

    /// <summary>How many more times the rule fires; unset: without limit.</summary>
    public int? Remaining { get; set; }

    internal bool Matches(string service, string operation) =>
        (Service == "*" || string.Equals(Service, service, StringComparison.OrdinalIgnoreCase))
        && (Operation == "*" || string.Equals(Operation, operation, StringComparison.Ordinal));
}

/// <summary>What the injector decided for one call.</summary>
public sealed record FaultDecision(TimeSpan Latency, Protocol.LocalCloudException? Error);

/// <summary>Holds the active fault rules; set at start and replaced at run time.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private List<FaultRule> _rules;

    public FaultInjector(IEnumerable<FaultRule> initial, Random random)
    {
        _rules = [.. initial];
        _random = random;
    }

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules];
            }
        }
    }

    public void Replace(IEnumerable<FaultRule> rules)
    {
        lock (_gate)
        {
            _rules = [.. rules];
        }
    }

    public FaultDecision Decide(string service, string operation)
    {
        lock (_gate)
        {
            var latency = TimeSpan.Zero;
            foreach (var rule in _rules.Where(r => r.Matches(service, operation) && r.Remaining is null or > 0))
            {
                latency += rule.Latency;
                if (rule.ErrorCode is null || _random.NextDouble() >= rule.Rate)
                {
                    continue;
                }

                if (rule.Remaining is { } remaining)
                {
                    rule.Remaining = remaining - 1;
                }

                var status = rule.StatusCode ?? (IsServerCode(rule.ErrorCode) ? 500 : 400);
                return new FaultDecision(latency, new Protocol.LocalCloudException(
                    rule.ErrorCode, $"Injected fault {rule.ErrorCode} for {service}.{operation}", status, senderFault: status < 500));
            }

            return new FaultDecision(latency, null);
        }
    }

    /// <summary>The extra build time the active rules give a WorkSpace created now (<see cref="FaultRule.BuildDelay"/>).</summary>
    public TimeSpan BuildDelay(string service, string operation)
    {
        lock (_gate)
        {
            return _rules.Where(r => r.Matches(service, operation) && r.Remaining is null or > 0)
                .Aggregate(TimeSpan.Zero, (sum, rule) => sum + rule.BuildDelay);
        }
    }

    private static bool IsServerCode(string code) =>
        code.Contains("Internal", StringComparison.Ordinal) || code.Contains("Unavailable", StringComparison.Ordinal);
}
