using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Tests.Fsx;

public sealed class FsxCreateVolumeRulesTests : IAsyncLifetime
{
    private readonly FsxEmulatorHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Theory]
    [InlineData("JunctionPath", "vol1")]
    [InlineData("JunctionPath", "")]
    [InlineData("JunctionPath", "/")]
    [InlineData("SizeInMegabytes", 19)]
    [InlineData("SizeInMegabytes", 400_000_000)]
    [InlineData("SecurityStyle", "WINDOWS")]
    [InlineData("OntapVolumeType", "LS")]
    [InlineData("StorageVirtualMachineId", "svm-123")]
    [InlineData("SnapshotPolicy", "")]
    [InlineData("VolumeStyle", "FLEXIBLE")]
    public async Task An_ontap_member_out_of_its_rules_is_a_bad_request(string member, object value)
    {
        var input = _h.Volume("vol1");
        input["OntapConfiguration"]![member] = JsonValue.Create(value);

        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", input));
        Assert.NotNull((string?)_h.LastBody["Message"]);
    }

    [Theory]
    [InlineData("1home")]
    [InlineData("home-alice")]
    [InlineData("home alice")]
    public async Task Ontap_volume_names_are_letters_digits_and_underscores_starting_with_a_letter(string name)
    {
        var input = _h.Volume("vol1");
        input["Name"] = name;

        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", input));
    }

    [Fact]
    public async Task A_name_of_204_characters_is_refused_and_203_accepted()
    {
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", _h.Volume("v" + new string('x', 203))));
        await _h.CreateAsync(_h.Volume("v" + new string('x', 202)));
    }

    [Fact]
    public async Task A_read_write_volume_needs_storage_efficiency_and_a_junction_path_but_a_dp_volume_does_not()
    {
        var noEfficiency = _h.Volume("vol1");
        noEfficiency["OntapConfiguration"]!.AsObject().Remove("StorageEfficiencyEnabled");
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", noEfficiency));

        var noPath = _h.Volume("vol1");
        noPath["OntapConfiguration"]!.AsObject().Remove("JunctionPath");
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", noPath));

        var dp = _h.Volume("mirror");
        var ontap = dp["OntapConfiguration"]!.AsObject();
        ontap.Remove("StorageEfficiencyEnabled");
        ontap.Remove("JunctionPath");
        ontap["OntapVolumeType"] = "DP";
        await _h.CreateAsync(dp);
    }

    [Fact]
    public async Task Both_sizes_must_agree_and_one_is_required()
    {
        var disagreeing = _h.Volume("vol1");
        disagreeing["OntapConfiguration"]!["SizeInBytes"] = 5L * 1024 * 1024 * 1024;
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", disagreeing));

        var none = _h.Volume("vol1");
        none["OntapConfiguration"]!.AsObject().Remove("SizeInMegabytes");
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", none));

        var agreeing = _h.Volume("vol1");
        agreeing["OntapConfiguration"]!["SizeInBytes"] = 1024L * 1024 * 1024;
        await _h.CreateAsync(agreeing);
    }

    [Fact]
    public async Task A_junction_path_or_name_in_use_on_the_svm_is_refused_until_that_volume_is_gone()
    {
        var first = await _h.CreateAsync(_h.Volume("alice"));
        var samePath = _h.Volume("alice2");
        samePath["OntapConfiguration"]!["JunctionPath"] = "/alice";
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", samePath));
        Assert.Contains(first, (string)_h.LastBody["Message"]!, StringComparison.Ordinal);
        var sameName = _h.Volume("alice");
        sameName["OntapConfiguration"]!["JunctionPath"] = "/elsewhere";
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", sameName));

        await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = first });
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", samePath));
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await _h.CreateAsync(samePath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task Tags_hold_one_to_fifty_entries(int count)
    {
        var input = _h.Volume("vol1");
        input["Tags"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i}", ["Value"] = "v" })]);

        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", input));
    }

    [Fact]
    public async Task Duplicate_and_reserved_tag_keys_are_refused()
    {
        var duplicate = _h.Volume("vol1");
        duplicate["Tags"] = new JsonArray(new JsonObject { ["Key"] = "a", ["Value"] = "1" }, new JsonObject { ["Key"] = "a", ["Value"] = "2" });
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", duplicate));

        var reserved = _h.Volume("vol1");
        reserved["Tags"] = new JsonArray(new JsonObject { ["Key"] = "aws:owner", ["Value"] = "1" });
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", reserved));
    }

    [Fact]
    public async Task Openzfs_volumes_and_missing_configurations_answer_their_own_errors()
    {
        Assert.Equal("MissingVolumeConfiguration", await _h.FsxErrorAsync("CreateVolume", new JsonObject { ["VolumeType"] = "ONTAP", ["Name"] = "vol1" }));
        Assert.Equal("MissingVolumeConfiguration", await _h.FsxErrorAsync("CreateVolume", new JsonObject { ["VolumeType"] = "OPENZFS", ["Name"] = "vol1" }));
        Assert.Equal("UnsupportedOperation", await _h.FsxErrorAsync("CreateVolume", new JsonObject
        {
            ["VolumeType"] = "OPENZFS",
            ["Name"] = "vol1",
            ["OpenZFSConfiguration"] = new JsonObject { ["ParentVolumeId"] = "fsvol-0123456789abcdef0" },
        }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", new JsonObject { ["VolumeType"] = "LUSTRE", ["Name"] = "vol1" }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", new JsonObject { ["VolumeType"] = "ONTAP" }));
    }

    [Fact]
    public async Task A_member_of_the_wrong_type_is_a_serialization_error_not_a_crash()
    {
        var input = _h.Volume("vol1");
        input["OntapConfiguration"]!["SizeInMegabytes"] = "big";

        Assert.Equal("SerializationException", await _h.FsxErrorAsync("CreateVolume", input));
    }

    [Fact]
    public async Task An_svm_of_another_region_is_not_found_here()
    {
        var input = _h.Volume("vol1");
        input["OntapConfiguration"]!["StorageVirtualMachineId"] = Hosting.SeedInventory.For("us-west-2").StorageVirtualMachineId;

        Assert.Equal("StorageVirtualMachineNotFound", await _h.FsxErrorAsync("CreateVolume", input));
    }

    [Fact]
    public async Task Tiering_defaults_follow_aws_and_a_cooling_period_needs_auto_or_snapshot_only()
    {
        var auto = _h.Volume("auto");
        auto["OntapConfiguration"]!["TieringPolicy"] = new JsonObject { ["Name"] = "AUTO" };
        var created = await _h.FsxAsync("CreateVolume", auto);
        Assert.Equal(31, created.GetProperty("Volume").GetProperty("OntapConfiguration").GetProperty("TieringPolicy").GetProperty("CoolingPeriod").GetInt32());
        Assert.Equal("MIXED", created.GetProperty("Volume").GetProperty("OntapConfiguration").GetProperty("SecurityStyle").GetString());

        var all = _h.Volume("all");
        all["OntapConfiguration"]!["TieringPolicy"] = new JsonObject { ["Name"] = "ALL", ["CoolingPeriod"] = 10 };
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("CreateVolume", all));
    }
}
