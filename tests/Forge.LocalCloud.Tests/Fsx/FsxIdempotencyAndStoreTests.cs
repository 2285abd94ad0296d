using System.Text.Json.Nodes;
using Forge.LocalCloud.Fsx;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.Fsx;

public sealed class FsxIdempotencyAndStoreTests : IAsyncLifetime
{
    private readonly FsxEmulatorHarness _h = new();

    public Task InitializeAsync() => _h.InitializeAsync();

    public Task DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task A_token_reused_with_other_parameters_is_an_incompatible_parameter_error_naming_the_member()
    {
        var input = _h.Volume("vol1");
        input["ClientRequestToken"] = "tok-1";
        var first = await _h.CreateAsync(input);
        Assert.Equal(first, await _h.CreateAsync(input.DeepClone().AsObject()));

        var changed = input.DeepClone().AsObject();
        changed["OntapConfiguration"]!["JunctionPath"] = "/other";
        Assert.Equal("IncompatibleParameterError", await _h.FsxErrorAsync("CreateVolume", changed));
        Assert.Equal("OntapConfiguration.JunctionPath", (string?)_h.LastBody["Parameter"]);
        Assert.Equal("IncompatibleParameterError", (string?)_h.LastBody["__type"]);
    }

    [Fact]
    public async Task A_token_whose_volume_is_gone_creates_a_new_volume()
    {
        var input = _h.Volume("vol1");
        input["ClientRequestToken"] = "tok-2";
        var first = await _h.CreateAsync(input);
        await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = first });
        _h.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.NotEqual(first, await _h.CreateAsync(input));
    }

    [Fact]
    public async Task Volumes_belong_to_their_region()
    {
        var id = await _h.CreateAsync(_h.Volume("vol1"));

        Assert.Equal("VolumeNotFound", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject { ["VolumeIds"] = new JsonArray(id) }, "us-west-2"));
        Assert.Equal("VolumeNotFound", await _h.FsxErrorAsync("DeleteVolume", new JsonObject { ["VolumeId"] = id }, "us-west-2"));
    }

    [Fact]
    public async Task Describe_input_limits_answer_bad_request()
    {
        var tooManyIds = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)$"fsvol-{i:x17}")]);
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject { ["VolumeIds"] = tooManyIds }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject { ["VolumeIds"] = new JsonArray("vol-1") }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject { ["MaxResults"] = 0 }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject { ["NextToken"] = "Zm9v" }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Name"] = "volume-type", ["Values"] = new JsonArray("ONTAP") }),
        }));
        var filter = new JsonObject { ["Name"] = "file-system-id", ["Values"] = new JsonArray(_h.UsEast1.FileSystemId) };
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeVolumes", new JsonObject
        {
            ["Filters"] = new JsonArray(filter.DeepClone(), filter.DeepClone(), filter.DeepClone()),
        }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DescribeStorageVirtualMachines", new JsonObject
        {
            ["Filters"] = new JsonArray(filter.DeepClone(), filter.DeepClone()),
        }));
    }

    [Fact]
    public async Task Pages_never_repeat_or_skip_a_volume_when_volumes_come_and_go_between_pages()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await _h.CreateAsync(_h.Volume($"vol{i}")));
        }

        ids.Sort(StringComparer.Ordinal);
        var first = await _h.FsxAsync("DescribeVolumes", new JsonObject { ["MaxResults"] = 2 });
        var token = first.GetProperty("NextToken").GetString();
        Assert.Matches("^[A-Za-z0-9+/]+=*$", token);
        await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = ids[0] });
        _h.Clock.Advance(TimeSpan.FromMinutes(2));

        var second = await _h.FsxAsync("DescribeVolumes", new JsonObject { ["MaxResults"] = 2, ["NextToken"] = token });
        Assert.Equal(ids[2..], second.GetProperty("Volumes").EnumerateArray().Select(v => v.GetProperty("VolumeId").GetString()!));
        Assert.False(second.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task The_volume_store_finds_a_volume_and_keeps_its_files_until_it_is_gone()
    {
        var id = await _h.CreateAsync(_h.Volume("vol1"));
        var store = _h.Cloud.Services.GetRequiredService<FsxVolumeStore>();

        var volume = store.FindVolume(id)!;
        Assert.Same(volume, store.FindByJunctionPath("us-east-1", _h.UsEast1.StorageVirtualMachineId, "/vol1"));
        volume.WriteFile("/docs/readme.txt", "hello", _h.Clock.GetUtcNow());
        Assert.Equal("hello", volume.ReadFile("docs/readme.txt")!.Content);
        Assert.Equal(["docs/readme.txt"], volume.ListFiles().Keys);
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Throws<ArgumentException>(() => volume.ReadFile("../etc/passwd"));
        Assert.True(store.WriteFile(id, "notes.txt", "from the store"));
        Assert.Equal(_h.Clock.GetUtcNow(), store.ReadFile(id, "/notes.txt")!.Modified);
        Assert.Equal("CREATING", store.LifecycleOf(volume));

        await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = id });
        Assert.Equal("DELETING", store.LifecycleOf(volume));
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(store.FindVolume(id));
        Assert.Null(store.LifecycleOf(volume));
        Assert.False(store.WriteFile(id, "notes.txt", "too late"));
        Assert.Null(store.ReadFile(id, "notes.txt"));
    }

    [Fact]
    public async Task Deleting_twice_answers_the_first_delete_and_backup_tags_need_a_backup()
    {
        var id = await _h.CreateAsync(_h.Volume("vol1"));
        var first = await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = id });
        var again = await _h.FsxAsync("DeleteVolume", new JsonObject { ["VolumeId"] = id });
        Assert.Equal(first.GetProperty("OntapResponse").GetProperty("FinalBackupId").GetString(),
            again.GetProperty("OntapResponse").GetProperty("FinalBackupId").GetString());

        var other = await _h.CreateAsync(_h.Volume("vol2"));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DeleteVolume", new JsonObject
        {
            ["VolumeId"] = other,
            ["OntapConfiguration"] = new JsonObject
            {
                ["SkipFinalBackup"] = true,
                ["FinalBackupTags"] = new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = "v" }),
            },
        }));
        Assert.Equal("BadRequest", await _h.FsxErrorAsync("DeleteVolume", new JsonObject { ["VolumeId"] = "fsvol-1" }));
    }
}
