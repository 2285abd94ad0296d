using Forge.Api.Regions;

namespace Forge.Api.Tests.Regions;

public sealed class RegionPlannerTests
{
    private static readonly RegionOptions Options = new()
    {
        Default = "us-east-1",
        Available = new(StringComparer.Ordinal)
        {
            ["us-east-1"] = new RegionSettings { DirectoryId = "d-1111111111" },
            ["eu-west-1"] = new RegionSettings { DirectoryId = "d-2222222222" },
        },
    };

    [Theory]
    [InlineData("eu-west-1", "eu-west-1", "requested")]
    [InlineData(null, "us-east-1", "default")]
    [InlineData("us-east-1", "us-east-1", "requested")]
    public void A_valid_or_missing_region_is_chosen_with_its_reason(string? requested, string chosen, string reasonWord)
    {
        var decision = RegionPlanner.Choose(requested, Options);

        Assert.True(decision.Chosen);
        Assert.Equal(chosen, decision.Region);
        Assert.Contains(reasonWord, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mars-north-1")]
    [InlineData("US-EAST-1")]
    public void An_unknown_region_is_refused_listing_the_choices(string requested)
    {
        var decision = RegionPlanner.Choose(requested, Options);

        Assert.False(decision.Chosen);
        Assert.Equal(["eu-west-1", "us-east-1"], decision.Choices);
        Assert.Contains("eu-west-1, us-east-1", decision.Reason, StringComparison.Ordinal);
    }
}
