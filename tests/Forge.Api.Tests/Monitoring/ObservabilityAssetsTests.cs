using System.Text.Json;
using System.Text.RegularExpressions;
using Forge.Api.Monitoring;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forge.Api.Tests.Monitoring;

/// <summary>
/// The shipped Grafana dashboard and Prometheus rules: the dashboard is Grafana dashboard JSON
/// (schema version, panels with queries), and every metric the dashboard and the rules name is one
/// Forge really exports (from a scrape after a provisioning) or a recording rule defines. The rules
/// are also checked by <c>promtool check rules</c> in scripts/test.sh.
/// </summary>
/// <remarks>
/// Runs alone: the scrape must show this process's instruments, and while other tests' Forge processes
/// live in the same test process, their meters of the same name ("Forge") take the instrument names first.
/// </remarks>
[Collection(ExportedMetricsGroup.Name)]
public sealed partial class ObservabilityAssetsTests : ForgeTestBase
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "rate", "irate", "increase", "histogram_quantile", "by", "without", "and", "or", "unless",
        "on", "ignoring", "group_left", "group_right", "bool", "offset", "clamp_min", "clamp_max", "abs", "vector", "scalar", "topk", "bottomk",
    };

    private static readonly string[] PanelTypes = ["stat", "timeseries", "table", "gauge"];
    private static readonly string[] GridKeys = ["x", "y", "w", "h"];
    private static readonly string[] MustShow = ["forge:provisioning_sla_errors", "p99_5m", "by_path", "outcome=\"failed\"", "aws_throttled=\"true\""];
    private static readonly string[] MustRecord = ["forge:provisioning_duration_seconds:p50_5m", "forge:provisioning_duration_seconds:p95_5m",
        "forge:provisioning_duration_seconds:p99_5m", "forge:provisioning_sla:ratio_rate5m"];

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public void The_dashboard_is_Grafana_dashboard_JSON_with_panels_and_queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Asset("deploy/grafana/forge-dashboard.json")));
        var root = dashboard.RootElement;
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("uid").GetString()));
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 8);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels)
        {
            Assert.Contains(panel.GetProperty("type").GetString(), PanelTypes);
            var grid = panel.GetProperty("gridPos");
            Assert.All(GridKeys, k => Assert.True(grid.GetProperty(k).GetInt32() >= 0));
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString())));
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }

        // What the dashboard must show: SLA, percentiles, paths, failures, cloud throttling.
        var queries = string.Join("\n", DashboardQueries());
        Assert.All(MustShow, s => Assert.Contains(s, queries, StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_record_the_percentiles_and_SLA_ratio_and_alert_on_the_three_burn_rates()
    {
        var rules = File.ReadAllText(Asset("deploy/prometheus/forge-rules.yml"));
        Assert.All(MustRecord, r => Assert.Contains(r, RecordedNames(rules)));
        Assert.Contains("ratio_rate1h > (14.4 * 0.01) and forge:provisioning_sla_errors:ratio_rate5m > (14.4 * 0.01)", rules, StringComparison.Ordinal);
        Assert.Contains("ratio_rate6h > (6 * 0.01) and forge:provisioning_sla_errors:ratio_rate30m > (6 * 0.01)", rules, StringComparison.Ordinal);
        Assert.Contains("ratio_rate3d > (1 * 0.01) and forge:provisioning_sla_errors:ratio_rate6h > (1 * 0.01)", rules, StringComparison.Ordinal);
        Assert.Equal(["page", "page", "ticket"], SeverityRegex().Matches(rules).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void The_metric_name_extraction_finds_names_and_skips_labels_functions_and_strings() =>
        Assert.Equal(["forge_a_total", "forge:b:ratio"], MetricNames("sum by (path, le) (rate(forge_a_total{reason=\"x_y\", le=~\"1\"}[5m])) / 0.01 > forge:b:ratio offset 5m"));

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_rules_name_is_exported_or_recorded()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await app.Services.GetServices<IHostedService>().OfType<MonitoringHost>().Single().SampleInFlightAsync(CancellationToken.None);
        var scrapes = new List<string> { await app.CreateClient().GetStringAsync("/metrics") };
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, TimeSpan.FromSeconds(15));
        scrapes.Add(await app.CreateClient().GetStringAsync("/metrics"));

        var rules = File.ReadAllText(Asset("deploy/prometheus/forge-rules.yml"));
        var known = scrapes.SelectMany(s => s.Split('\n')).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l[..l.IndexOfAny(['{', ' '])]).Concat(RecordedNames(rules)).ToHashSet(StringComparer.Ordinal);
        var named = DashboardQueries().Concat(ExprRegex().Matches(rules).Select(m => m.Groups[1].Value)).SelectMany(MetricNames).Distinct().ToList();

        Assert.Contains("forge_workspace_provisioning_duration_seconds_bucket", named);
        Assert.Contains("resilience_polly_strategy_attempt_duration_milliseconds_count", named);
        Assert.Contains("forge_workspace_provisioning_in_flight", named);
        Assert.All(named, n => Assert.Contains(n, known));
    }

    /// <summary>The metric names in a PromQL expression: strings, label matchers, ranges and grouping removed, then every identifier not PromQL's own.</summary>
    internal static List<string> MetricNames(string expr)
    {
        var bare = StringRegex().Replace(expr, "");
        bare = MatcherRegex().Replace(bare, " ");
        bare = RangeRegex().Replace(bare, " ");
        bare = GroupingRegex().Replace(bare, " ");
        bare = OffsetRegex().Replace(bare, " ");
        return [.. IdentifierRegex().Matches(bare).Select(m => m.Value).Where(w => !PromQlWords.Contains(w)).Distinct()];
    }

    private static IEnumerable<string> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Asset("deploy/grafana/forge-dashboard.json")));
        return [.. dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!)];
    }

    private static List<string> RecordedNames(string rules) => [.. RecordRegex().Matches(rules).Select(m => m.Groups[1].Value)];

    private static string Asset(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Forge.slnx")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException("The repository root (Forge.slnx) is not above the test binaries.", relative);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringRegex();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex MatcherRegex();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeRegex();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex GroupingRegex();

    [GeneratedRegex(@"\boffset\s+\w+")]
    private static partial Regex OffsetRegex();

    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex(@"^\s*- record:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RecordRegex();

    [GeneratedRegex(@"^\s*expr:\s*(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExprRegex();

    [GeneratedRegex(@"^\s*severity:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SeverityRegex();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportedMetricsGroup
{
    public const string Name = "exported metrics";
}
