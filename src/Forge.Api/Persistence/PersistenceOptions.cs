namespace Forge.Api.Persistence;

/// <summary>Where Forge keeps its state. Bound from the <c>Persistence</c> section.</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";

    /// <summary>
    /// A PostgreSQL connection string. When set, Forge uses PostgreSQL (any number of replicas may
    /// share it); unset, a SQLite file in <see cref="DataDirectory"/> (one process).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The folder of the SQLite file <c>forge.db</c>, relative to the content root. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
