namespace Forge.Api.Platform;

/// <summary>What one periodic pass saw and did: how many it examined, how many it acted on (recorded due, gave a job), how many failed.</summary>
public sealed record PassStats(int Examined, int Acted, int Failed, TimeSpan Elapsed);
