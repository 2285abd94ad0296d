using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Tests.Fsx;

namespace Forge.LocalCloud.Tests.DirectoryService;

public sealed class DirectoryServiceEmulatorTests : IAsyncLifetime
{
    private readonly FsxEmulatorHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task Errors_carry_message_and_request_id_members()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _h.CallAsync(AwsServices.DirectoryService,
            "DescribeDirectories", new JsonObject { ["DirectoryIds"] = new JsonArray("d-abcdef0123") }));

        Assert.Equal("EntityDoesNotExistException", error.ErrorCode);
        Assert.Equal(error.RequestId, (string?)_h.LastBody["RequestId"]);
        Assert.NotNull((string?)_h.LastBody["Message"]);
    }

    [Fact]
    public async Task A_negative_limit_is_invalid_and_zero_means_the_maximum()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _h.CallAsync(AwsServices.DirectoryService,
            "DescribeDirectories", new JsonObject { ["Limit"] = -1 }));
        Assert.Equal("InvalidParameterException", error.ErrorCode);

        var all = await _h.CallAsync(AwsServices.DirectoryService, "DescribeDirectories", new JsonObject { ["Limit"] = 0 });
        Assert.Equal(1, all.GetProperty("DirectoryDescriptions").GetArrayLength());
    }

    [Fact]
    public async Task A_region_outside_the_configured_ones_has_no_directory()
    {
        var result = await _h.CallAsync(AwsServices.DirectoryService, "DescribeDirectories", [], "af-south-1");

        Assert.Equal(0, result.GetProperty("DirectoryDescriptions").GetArrayLength());
    }
}
