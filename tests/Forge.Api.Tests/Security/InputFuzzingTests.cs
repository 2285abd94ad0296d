using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Forge.Api.Workstation;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Forge.Api.Tests.Security;

/// <summary>
/// Generated hostile input for every endpoint the app maps (found through its endpoint data source, so a new
/// endpoint is fuzzed without anyone listing it): broken JSON bodies, malformed path and query values. Every
/// answer is below 500; a refusal is an RFC 7807 problem with a title and leaves no row and no cloud call
/// behind. Bounded: <see cref="BodiesPerEndpoint"/>, <see cref="ValuesPerRouteParameter"/> and
/// <see cref="QueriesPerEndpoint"/> cases, on one thread, from a fixed seed so every run (CI's too) tries the
/// same cases; <c>CsCheck_Seed</c> in the environment explores others, and a failure prints the seed that replays it.
/// </summary>
public abstract class InputFuzzingTests(ITestOutputHelper output) : ForgeTestBase
{
    private const int BodiesPerEndpoint = 120;
    private const string FixedSeed = "eq4IvifFvfv1";
    private const int ValuesPerRouteParameter = 40;
    private const int QueriesPerEndpoint = 80;

    [Fact]
    public async Task Every_JSON_endpoint_refuses_broken_bodies_with_a_problem_and_leaves_no_trace()
    {
        var world = await FuzzWorld.BuildAsync(this);
        var json = world.App.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var failures = new List<string>();
        var counted = new Dictionary<string, int>();
        foreach (var route in world.Routes.Where(r => r.JsonBodyType is not null))
        {
            var path = world.ValidPath(route);
            var cases = 0;
            failures.AddRange(await SampleAsync(route, FuzzInputs.Bodies(route.JsonBodyType!, json, FuzzWorld.ValidBody(route)), async body =>
            {
                cases++;
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = new ByteArrayContent(body.Bytes) };
                if (body.ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
                }

                await world.CheckAsync(request, mustRefuse: body.CertainlyInvalid, mustName: null);
            }, BodiesPerEndpoint));
            counted[route.ToString()] = cases;
        }

        Report(counted);
        Assert.True(counted.Count >= 4, "Fewer JSON endpoints than Forge has: the enumeration is broken.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public async Task Every_path_and_query_parameter_refuses_malformed_values_with_a_problem_and_leaves_no_trace()
    {
        var world = await FuzzWorld.BuildAsync(this);
        var failures = new List<string>();
        var counted = new Dictionary<string, int>();
        foreach (var route in world.Routes)
        {
            foreach (var (name, constraint) in route.RouteParameters)
            {
                var cases = 0;
                // No NUL in a path: the test server refuses to send one (Kestrel answers 400 before Forge sees it).
                var values = Gen.Select(Gen.Frequency((4, FuzzInputs.MalformedValue), (1, Gen.Guid.Select(g => g.ToString()))).Where(v => !v.Contains('\0', StringComparison.Ordinal)),
                    Gen.Int[0, 3]);
                failures.AddRange(await SampleAsync(route, values, async value =>
                {
                    cases++;
                    var (text, raw) = value;
                    var sentRaw = raw == 0 && IsRawSafe(text);
                    var path = world.ValidPath(route, name, sentRaw ? text : PercentEncode(text));
                    using var request = FuzzWorld.ValidRequest(route, path);
                    // An encoded value the route's constraint refuses matches no endpoint: 404, and nothing ran. (An empty
                    // value or raw dot segments make another path, which may be another endpoint: held to the rest.)
                    var refused = constraint == "guid" && !sentRaw && text.Length > 0 && !Guid.TryParse(text, out _);
                    await world.CheckAsync(request, mustRefuse: refused, mustName: null);
                }, ValuesPerRouteParameter));
                counted[$"{route} {{{name}}}"] = cases;
            }

            var query = route.QueryParameters;
            if (query.Count > 0)
            {
                var cases = 0;
                var values = query.Select(p => Gen.Frequency((1, Gen.Const((string?)null)), (3, FuzzInputs.MalformedValue.Select(v => (string?)v)))).ToArray();
                var all = values.Aggregate(Gen.Const(Array.Empty<string?>()), (list, next) => Gen.Select(list, next, (l, v) => (string?[])[.. l, v]))
                    .Where(v => v.Any(x => x is not null));
                failures.AddRange(await SampleAsync(route, all, async chosen =>
                {
                    cases++;
                    var pairs = query.Zip(chosen).Where(p => p.Second is not null).ToList();
                    var path = world.ValidPath(route) + "?" + string.Join('&', pairs.Select(p => $"{p.First.Name}={PercentEncode(p.Second!)}"));
                    using var request = FuzzWorld.ValidRequest(route, path);
                    var unparsable = pairs.FirstOrDefault(p => p.First.Type != typeof(string) && p.Second!.Length > 0 && !Parses(p.First.Type, p.Second));
                    await world.CheckAsync(request, mustRefuse: unparsable.First.Name is not null, mustName: unparsable.First.Name);
                }, QueriesPerEndpoint));
                counted[$"{route} ?{string.Join('&', query.Select(q => q.Name))}"] = cases;
            }
        }

        Report(counted);
        Assert.True(counted.Count >= 12, "Fewer parameters than Forge has: the enumeration is broken.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Runs one endpoint's property; a failure (already shrunk by CsCheck, with its seed) is returned, not thrown, so every endpoint is tried.</summary>
    private static async Task<List<string>> SampleAsync<T>(ApiRoute route, Gen<T> gen, Func<T, Task> check, int iterations)
    {
        try
        {
            await gen.SampleAsync(check, iter: iterations, threads: 1, seed: Environment.GetEnvironmentVariable("CsCheck_Seed") ?? FixedSeed,
                print: value => value is string?[] values ? string.Join(", ", values.Select(v => v ?? "(absent)")) : value?.ToString() ?? "null");
            return [];
        }
        catch (Exception e) when (e is CsCheckException or Xunit.Sdk.XunitException)
        {
            return [$"{route}: {e.Message}\n{e.InnerException?.Message}"];
        }
    }

    private void Report(Dictionary<string, int> counted)
    {
        foreach (var (endpoint, cases) in counted)
        {
            output.WriteLine($"{cases,5}  {endpoint}");
        }

        output.WriteLine($"{counted.Values.Sum(),5}  cases in all");
    }

    private static bool Parses(Type type, string value) => type switch
    {
        _ when type == typeof(int) => int.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(value, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(Guid) => Guid.TryParse(value, out _),
        _ => true,
    };

    // Traversal and the like sent as they are (the client normalises dot segments) when the URI allows them.
    private static bool IsRawSafe(string value) =>
        value.Length is > 0 and < 100 && value.All(c => c is > ' ' and < '\u007f' and not ('?' or '#' or '%'));

    /// <summary>Every byte but the unreserved ones percent-encoded; an unpaired surrogate becomes U+FFFD as any client would send it.</summary>
    private static string PercentEncode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            builder.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return builder.ToString();
    }

    /// <summary>
    /// A ready workspace with its mounted volume, built by one Forge process that is then stopped; the fuzzing runs
    /// against a second process on the same database whose jobs and periodic passes are paused and whose start-up
    /// setup has finished, so every cloud call and row seen during a request is that request's.
    /// </summary>
    private sealed class FuzzWorld
    {
        private readonly CloudCalls _calls;
        private readonly Guid _workspace;
        private readonly Guid _volume;

        private FuzzWorld(ForgeApp app, HttpClient admin, CloudCalls calls, Guid workspace, Guid volume)
        {
            App = app;
            Admin = admin;
            _calls = calls;
            _workspace = workspace;
            _volume = volume;
            Routes = ApiSurface.Enumerate(app.Services);
        }

        public ForgeApp App { get; }

        public HttpClient Admin { get; }

        public List<ApiRoute> Routes { get; }

        public static async Task<FuzzWorld> BuildAsync(InputFuzzingTests test)
        {
            var builder = test.StartForge();
            var alice = await builder.ClientForAsync("alice", [AuthorizationWorld.Team]);
            var created = await alice.CreateWorkspaceAsync();
            await Eventually.UntilAsync(test.Clock, () => alice.GetWorkspaceAsync(created.Id), w => w.Status == WorkspaceStatus.Ready, TimeSpan.FromSeconds(15));
            await test.KillAsync(builder);

            var calls = new CloudCalls();
            // A pool that exists (kept empty) gives the pools API something to answer for.
            var settings = Pools.WarmPoolTests.Pooled(0, 0);
            settings["Jobs:Paused"] = "true";
            settings["Dotfiles:PeriodicSyncPaused"] = "true";
            settings["Secrets:RotationPollingPaused"] = "true";
            settings["Workspaces:SweepPaused"] = "true";
            var app = test.StartForge(settings, calls.AddTo);
            // Its one piece of start-up cloud work (documents and the join secret in every region) done before any case.
            // A region that fails is retried after a delay on the test's clock, so the clock is moved until it is done.
            var setup = app.Services.GetServices<IHostedService>().OfType<Forge.Api.Workstation.WorkstationSetup>().Single();
            await Eventually.UntilAsync(test.Clock, () => Task.FromResult(setup.ExecuteTask!.IsCompleted), done => done, TimeSpan.FromSeconds(5));
            await setup.ExecuteTask!;
            var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
            var volumes = await admin.GetFromJsonAsync<UserVolumePage>("/api/v1/volumes", ApiClient.Json);
            return new FuzzWorld(app, admin, calls, created.Id, Assert.Single(volumes!.Volumes).Id);
        }

        /// <summary>The route's path with valid values, or with <paramref name="fuzzed"/> as the (already encoded) value of <paramref name="parameter"/>.</summary>
        public string ValidPath(ApiRoute route, string? parameter = null, string? fuzzed = null) =>
            ApiSurface.Fill(route.Pattern, name => name == parameter ? fuzzed! : name switch
            {
                "id" when route.Pattern.StartsWith("/api/v1/volumes", StringComparison.Ordinal) => _volume.ToString(),
                "id" => _workspace.ToString(),
                "name" => "fuzz-probe",
                "workspaceId" => "ws-fuzzprobe",
                "documentName" => "v1",
                "blueprint" => "backend",
                "os" => "linux",
                "region" => "us-east-1",
                _ => throw new InvalidOperationException($"{route}: no valid value known for the route parameter '{name}'."),
            });

        /// <summary>A valid body for the route: the one the authorization table sends.</summary>
        public static string ValidBody(ApiRoute route) =>
            AuthorizationTable.Rows.FirstOrDefault(r => r.Method == route.Method && r.Pattern == route.Pattern)?.Body ?? "{}";

        public static HttpRequestMessage ValidRequest(ApiRoute route, string path)
        {
            var request = new HttpRequestMessage(new HttpMethod(route.Method == ApiRoute.AnyMethod ? "GET" : route.Method), new Uri(path, UriKind.Relative));
            if (route.JsonBodyType is not null)
            {
                request.Content = new StringContent(ValidBody(route), Encoding.UTF8, "application/json");
            }

            return request;
        }

        /// <summary>Sends one case and checks the answer and what it left behind.</summary>
        public async Task CheckAsync(HttpRequestMessage request, bool mustRefuse, string? mustName)
        {
            var isApi = request.RequestUri!.OriginalString.StartsWith("/api/", StringComparison.Ordinal);
            var before = await DatabaseSnapshot.TakeAsync(App.Services);
            var callsBefore = _calls.Count;
            using var response = await Admin.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var what = $"{request.Method} {Shorten(request.RequestUri?.OriginalString ?? "")} answered {status} {Shorten(body)}";
            var changes = await before.ChangesSinceAsync(App.Services);
            var newCalls = _calls.Operations.Skip(callsBefore).ToList();

            Assert.True(status < 500, what);
            Assert.True(!mustRefuse || status is >= 400 and < 500, $"expected a refusal: {what}");
            // The API's refusals are problem documents; the OpenAPI document and reference page are the framework's
            // own (an unknown document name is a plain-text 404 there), held only to "no 5xx, no trace".
            if (status >= 400 && isApi)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"not a problem document: {what}");
                using var problem = JsonDocument.Parse(body);
                Assert.True(problem.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 }, $"a problem without a title: {what}");
                Assert.True(mustName is null || body.Contains(mustName, StringComparison.Ordinal), $"the problem does not name '{mustName}': {what}");
            }

            if (status >= 400)
            {
                Assert.True(changes.Count == 0, $"a refusal wrote [{string.Join("; ", changes)}]: {what}");
                Assert.True(newCalls.Count == 0, $"a refusal called the cloud [{string.Join(", ", newCalls)}]: {what}");
            }
            else
            {
                Assert.True(request.Method != HttpMethod.Get || changes.Count == 0, $"a GET wrote [{string.Join("; ", changes)}]: {what}");
                Assert.True(newCalls.All(CloudCalls.IsRead), $"changed the cloud [{string.Join(", ", newCalls)}]: {what}");
            }
        }

        private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length} chars)";
    }
}

public sealed class InputFuzzingTestsOnSqlite(ITestOutputHelper output) : InputFuzzingTests(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class InputFuzzingTestsOnPostgres(ITestOutputHelper output) : InputFuzzingTests(output)
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
