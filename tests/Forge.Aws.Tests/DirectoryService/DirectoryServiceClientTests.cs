using System.Text.RegularExpressions;
using Forge.Aws.DirectoryService;
using Forge.LocalCloud.Models;
using Forge.Aws.Tests.Fsx;

namespace Forge.Aws.Tests.DirectoryService;

public sealed partial class DirectoryServiceClientTests : IAsyncLifetime
{
    private readonly FsxTestCloud _t = new();

    public Task InitializeAsync() => _t.InitializeAsync();

    public Task DisposeAsync() => _t.DisposeAsync();

    [Fact]
    public async Task Describing_all_directories_shows_the_seeded_managed_ad()
    {
        var result = await _t.Directories.DescribeDirectoriesAsync(new DescribeDirectoriesRequest());

        var directory = Assert.Single(result.DirectoryDescriptions!);
        Assert.Null(result.NextToken);
        Assert.Equal(_t.UsEast1.DirectoryId, directory.DirectoryId);
        Assert.Equal(_t.UsEast1.DomainName, directory.Name);
        Assert.Equal(_t.UsEast1.DomainShortName, directory.ShortName);
        Assert.Equal(DirectoryType.MicrosoftAD, directory.Type);
        Assert.Equal(DirectoryEdition.Standard, directory.Edition);
        Assert.Equal(DirectoryStage.Active, directory.Stage);
        Assert.Equal($"{directory.Alias}.awsapps.com", directory.AccessUrl);
        Assert.Equal(2, directory.DnsIpAddrs!.Count);
        Assert.Equal(["us-east-1a", "us-east-1b"], directory.VpcSettings!.AvailabilityZones!);
        Assert.True(directory.LaunchTime < _t.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Describing_by_id_answers_that_directory_in_its_region()
    {
        var sydney = Forge.LocalCloud.Hosting.SeedInventory.For("ap-southeast-2");

        var result = await _t.Directories.DescribeDirectoriesAsync(
            new DescribeDirectoriesRequest { DirectoryIds = [sydney.DirectoryId] }, "ap-southeast-2");

        Assert.Equal(sydney.DirectoryId, Assert.Single(result.DirectoryDescriptions!).DirectoryId);
    }

    [Fact]
    public async Task An_unknown_id_is_entity_does_not_exist_with_a_request_id()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _t.Directories.DescribeDirectoriesAsync(
            new DescribeDirectoriesRequest { DirectoryIds = ["d-0123456789"] }));

        Assert.Equal(DirectoryServiceErrorCodes.EntityDoesNotExistException, error.ErrorCode);
        Assert.Contains("d-0123456789", error.ErrorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d-01234")]
    [InlineData("ws-0123456789")]
    [InlineData("d-0123456789,D-0123456789")]
    public async Task An_empty_list_or_a_malformed_id_is_an_invalid_parameter(string commaSeparatedIds)
    {
        var ids = commaSeparatedIds.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _t.Directories.DescribeDirectoriesAsync(
            new DescribeDirectoriesRequest { DirectoryIds = [.. ids] }));

        Assert.Equal(DirectoryServiceErrorCodes.InvalidParameterException, error.ErrorCode);
        // Malformed ids break the model's DirectoryId pattern on purpose; an empty list is within the model.
        var malformed = ids.Select((id, i) => (id, i)).Where(x => !DirectoryIdPattern().IsMatch(x.id))
            .Select(x => (ModelViolationKind.Pattern, $"DirectoryIds[{x.i}]"));
        Assert.Equal(malformed, _t.Conformance.TakeViolations().Select(v => (v.Violation.Kind, v.Violation.Path)));
    }

    [GeneratedRegex("^d-[0-9a-f]{10}$")]
    private static partial Regex DirectoryIdPattern();

    [Fact]
    public async Task The_helper_pages_with_limit_one_and_a_foreign_token_is_refused()
    {
        var all = await _t.Directories.EnumerateDirectoriesAsync(new DescribeDirectoriesRequest { Limit = 1 }).ToListAsync();
        Assert.Equal(_t.UsEast1.DirectoryId, Assert.Single(all).DirectoryId);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _t.Directories.DescribeDirectoriesAsync(
            new DescribeDirectoriesRequest { NextToken = "bm90LW91cnM=" }));
        Assert.Equal(DirectoryServiceErrorCodes.InvalidNextTokenException, error.ErrorCode);
    }
}
