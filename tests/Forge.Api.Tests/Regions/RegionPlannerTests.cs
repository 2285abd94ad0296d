using Forge.Api.Regions;

namespace Forge.Api.Tests.Regions;

public sealed class RegionPlannerTests
{
    private static readonly GeoPoint Sydney = new(-33.87, 151.21);
    private static readonly GeoPoint Frankfurt = new(50.11, 8.68);
    private static readonly GeoPoint Lisbon = new(38.72, -9.14);

    private static readonly RegionOptions Options = new()
    {
        Default = "us-east-1",
        Available = new(StringComparer.Ordinal)
        {
            ["us-east-1"] = new RegionSettings { DirectoryId = "d-1111111111" },
            ["us-west-2"] = new RegionSettings { DirectoryId = "d-2222222222" },
            ["eu-west-1"] = new RegionSettings { DirectoryId = "d-3333333333" },
            ["eu-central-1"] = new RegionSettings { DirectoryId = "d-4444444444" },
            ["ap-southeast-2"] = new RegionSettings { DirectoryId = "d-5555555555" },
            ["ap-northeast-1"] = new RegionSettings { DirectoryId = "d-6666666666", Enabled = false },
        },
    };

    public static TheoryData<string, RegionRequest, string, string> Decisions => new()
    {
        { "nothing known", new RegionRequest(), "us-east-1", "default" },
        { "requested", new RegionRequest(Requested: "eu-west-1"), "eu-west-1", "requested" },
        { "volume beats everything", new RegionRequest(LatencyHintsMs: Hints(("us-west-2", 5)), ClientLocation: Sydney, VolumeRegion: "eu-west-1"), "eu-west-1", "volume" },
        { "request matching the volume", new RegionRequest(Requested: "eu-west-1", VolumeRegion: "eu-west-1"), "eu-west-1", "volume" },
        { "volume in a region since disabled", new RegionRequest(VolumeRegion: "ap-northeast-1"), "ap-northeast-1", "volume" },
        { "request beats latency", new RegionRequest(Requested: "eu-central-1", LatencyHintsMs: Hints(("us-west-2", 5))), "eu-central-1", "requested" },
        { "lowest latency", new RegionRequest(LatencyHintsMs: Hints(("us-east-1", 40), ("us-west-2", 90)), ClientLocation: Sydney), "us-east-1", "latency (40 ms)" },
        { "disabled and unknown hints ignored", new RegionRequest(LatencyHintsMs: Hints(("ap-northeast-1", 1), ("mars-1", 0), ("us-west-2", 90))), "us-west-2", "latency" },
        { "only unusable hints fall through to geolocation", new RegionRequest(LatencyHintsMs: Hints(("ap-northeast-1", 1)), ClientLocation: Sydney), "ap-southeast-2", "nearest" },
        { "latency tie broken by name", new RegionRequest(LatencyHintsMs: Hints(("us-west-2", 50), ("eu-west-1", 50))), "eu-west-1", "latency" },
        { "nearest to Sydney", new RegionRequest(ClientLocation: Sydney), "ap-southeast-2", "nearest" },
        { "nearest to Frankfurt", new RegionRequest(ClientLocation: Frankfurt), "eu-central-1", "nearest" },
        { "nearest enabled to Lisbon", new RegionRequest(ClientLocation: Lisbon), "eu-west-1", "nearest" },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void The_first_rule_that_decides_wins(string why, RegionRequest request, string region, string reasonWords)
    {
        var decision = RegionPlanner.Choose(request, Options);

        Assert.True(decision.Chosen, why);
        Assert.Equal(region, decision.Region);
        Assert.Contains(reasonWords, decision.Reason, StringComparison.Ordinal);
        Assert.Equal(RegionRefusal.None, decision.Refusal);
    }

    [Theory]
    [InlineData("mars-north-1", "is not a region Forge builds in")]
    [InlineData("US-EAST-1", "is not a region Forge builds in")]
    [InlineData("ap-northeast-1", "is disabled")]
    public void An_unknown_or_disabled_region_is_refused_listing_the_enabled_choices(string requested, string why)
    {
        var decision = RegionPlanner.Choose(new RegionRequest(Requested: requested, VolumeRegion: "eu-west-1"), Options);

        Assert.False(decision.Chosen);
        Assert.Equal(RegionRefusal.Invalid, decision.Refusal);
        Assert.Equal(["ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"], decision.Choices);
        Assert.Contains(why, decision.Reason, StringComparison.Ordinal);
        Assert.Contains("ap-southeast-2, eu-central-1, eu-west-1, us-east-1, us-west-2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_region_away_from_the_users_volume_is_a_conflict_that_says_why()
    {
        var decision = RegionPlanner.Choose(new RegionRequest(Requested: "us-west-2", VolumeRegion: "eu-west-1"), Options);

        Assert.False(decision.Chosen);
        Assert.Equal(RegionRefusal.Conflict, decision.Refusal);
        Assert.Contains("user volume is in eu-west-1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Great_circle_distances_are_right()
    {
        // Sydney to Frankfurt is about 16 500 km; a point to itself is 0.
        Assert.InRange(Sydney.DistanceKmTo(Frankfurt), 16_300, 16_700);
        Assert.Equal(0, Frankfurt.DistanceKmTo(Frankfurt), 6);
    }

    [Fact]
    public void The_catalogue_covers_the_regions_WorkSpaces_serves()
    {
        string[] required = ["us-east-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1",
            "ap-southeast-2", "ap-northeast-1", "ap-south-1", "af-south-1", "ap-northeast-2", "il-central-1", "us-gov-west-1"];

        Assert.All(required, r => Assert.NotNull(RegionCatalog.Find(r)));
        Assert.Equal(RegionCatalog.All.Count, RegionCatalog.All.Select(r => r.Name).Distinct().Count());
    }

    private static Dictionary<string, int> Hints(params (string Region, int Ms)[] hints) => hints.ToDictionary(h => h.Region, h => h.Ms);
}
