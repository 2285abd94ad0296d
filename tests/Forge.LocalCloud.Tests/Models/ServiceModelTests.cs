using Forge.Aws;
using Forge.LocalCloud.Models;

namespace Forge.LocalCloud.Tests.Models;

/// <summary>The embedded official models: unmodified, loaded once, and what validation can and cannot use of them.</summary>
public sealed class ServiceModelTests
{
    /// <summary>Sizes from Models/Data/SOURCES.md: the embedded files are the byte-for-byte botocore copies.</summary>
    [Theory]
    [InlineData("workspaces", 304207)]
    [InlineData("fsx", 477399)]
    [InlineData("secretsmanager", 151077)]
    [InlineData("ssm", 923394)]
    [InlineData("cloudwatch", 311071)]
    [InlineData("sns", 168121)]
    [InlineData("directoryservice", 252175)]
    public void Each_embedded_model_is_the_unmodified_botocore_file(string file, long bytes)
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream($"Forge.LocalCloud.Models.{file}.json");

        Assert.Equal(bytes, stream!.Length);
    }

    [Fact]
    public void Every_Forge_service_has_its_model_loaded_once_with_matching_identity()
    {
        foreach (var service in AwsServices.All)
        {
            var model = ServiceModel.For(service)!;

            Assert.Same(model, ServiceModel.For(service));
            Assert.Equal(service.ApiVersion, model.ApiVersion);
            Assert.Equal(service.Protocol == AwsProtocol.AwsQuery ? null : service.TargetPrefix, model.TargetPrefix);
            Assert.NotEmpty(model.Operations);
        }
    }

    [Fact]
    public void Only_patterns_written_with_Java_only_classes_are_skipped()
    {
        var skipped = AwsServices.All.Select(ServiceModel.For)
            .SelectMany(m => m!.UnsupportedPatterns().Select(s => $"{m.File}.{s.Name}"))
            .Order(StringComparer.Ordinal);
        var translated = ServiceModel.Load("fsx").Shape("VolumePath");

        Assert.Equal(["directoryservice.RadiusSharedSecret", "directoryservice.TrustPassword"], skipped);
        Assert.Matches(translated.PatternRegex!, "/vol_jdoe");
        Assert.DoesNotMatch(translated.PatternRegex!, "/vol jdoe");
    }
}
