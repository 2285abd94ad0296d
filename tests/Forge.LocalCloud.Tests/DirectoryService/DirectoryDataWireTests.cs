using System.Net;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Tests.Protocol;

namespace Forge.LocalCloud.Tests.DirectoryService;

/// <summary>Directory Service Data on the wire (restJson1): routes from the model, the query-string DirectoryId, restJson1's error shape.</summary>
public sealed class DirectoryDataWireTests : IAsyncLifetime
{
    private static readonly string DirectoryId = SeedInventory.For("us-east-1").DirectoryId;
    private ProtocolTestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ProtocolTestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task An_operation_answers_200_json_on_its_route_with_the_directory_from_the_query_string()
    {
        using var response = await Send($"/Users/CreateUser?DirectoryId={DirectoryId}", """{"SAMAccountName":"forge-p-0100"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((DirectoryId, "forge-p-0100"), ((string?)body["DirectoryId"], (string?)body["SAMAccountName"]));
    }

    [Fact]
    public async Task Errors_name_their_shape_in_x_amzn_ErrorType_with_its_status_and_a_Message_member()
    {
        using var missing = await Send($"/Users/DescribeUser?DirectoryId={DirectoryId}", """{"SAMAccountName":"nobody"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ResourceNotFoundException", missing.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!.AsObject();
        Assert.Contains("nobody", (string?)body["Message"], StringComparison.Ordinal);
        Assert.False(body.ContainsKey("__type"));

        using var invalid = await Send($"/Users/UpdateUser?DirectoryId={DirectoryId}",
            """{"SAMAccountName":"forge-p-0101","UpdateType":"MERGE"}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("ValidationException", invalid.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task The_directory_id_is_required_in_the_query_string_and_a_route_no_operation_has_is_404()
    {
        using var noDirectory = await Send("/Users/CreateUser", """{"SAMAccountName":"forge-p-0102"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noDirectory.StatusCode);
        Assert.Contains("directoryId", await noDirectory.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var getInstead = await Send($"/Users/CreateUser?DirectoryId={DirectoryId}", """{"SAMAccountName":"forge-p-0102"}""", HttpMethod.Put);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getInstead.StatusCode);

        using var broken = await Send($"/Users/CreateUser?DirectoryId={DirectoryId}", """{"SAMAccountName":""");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("SerializationException", broken.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    private Task<HttpResponseMessage> Send(string pathAndQuery, string body, HttpMethod? method = null) =>
        _cloud.Http.SendAsync(_cloud.RestJson(AwsServices.DirectoryServiceData, pathAndQuery, body, method));
}
