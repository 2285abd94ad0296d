namespace Forge.Api.Cloud;

/// <summary>
/// The embedded local cloud (section <c>EmbeddedLocalCloud</c>): the default of <c>dotnet run</c>,
/// so Forge works on a laptop with no AWS account. Off in production and in tests (which start
/// their own local cloud on the test's clock).
/// </summary>
public sealed class EmbeddedLocalCloudOptions
{
    public const string SectionName = "EmbeddedLocalCloud";

    public bool Enabled { get; set; }

    /// <summary>Where it listens. Default <c>http://127.0.0.1:4566</c>; point <c>Aws:ServiceUrl</c> here.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:4566");

    /// <summary>How much faster its clock runs: 60 turns a 20-minute WorkSpace build into 20 seconds. Default 60.</summary>
    public double TimeScale { get; set; } = 60;

    /// <summary>The loopback port of its SMTP sink (<c>GET /_localcloud/mail</c>), where the e-mail channel sends in local mode; unset, none. Default in appsettings: 2525.</summary>
    public int? SmtpPort { get; set; }
}
