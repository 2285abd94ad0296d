using System.Buffers.Text;
using System.Net;
using System.Text;
using Forge.Api.Tests.Support;

namespace Forge.Api.Tests.Workspaces;

/// <summary>The list's query parameters: anything malformed is a 400 problem naming the parameter, never a 500.</summary>
public sealed class WorkspaceListParameterTests : ForgeTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Theory]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=99999999999", "limit")]
    [InlineData("limit=1&limit=2", "limit")]
    [InlineData("cursor=not*a*cursor", "cursor")]
    [InlineData("cursor=", "cursor")]
    [InlineData("status=sleeping", "status")]
    public async Task A_malformed_parameter_is_a_400_problem_naming_it(string query, string parameter)
    {
        var alice = await StartForge().ClientForAsync("alice");

        var response = await alice.GetAsync("/api/v1/workspaces?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.Equal([parameter], errors.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_cursor_that_decodes_but_was_not_made_by_the_API_is_a_400_problem()
    {
        var alice = await StartForge().ClientForAsync("alice");
        var forged = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("-5:not-a-guid"));

        var response = await alice.GetAsync("/api/v1/workspaces?cursor=" + forged);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task Well_formed_parameters_are_accepted()
    {
        var alice = await StartForge().ClientForAsync("alice");

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces?limit=200&status=ready")).StatusCode);
    }
}
