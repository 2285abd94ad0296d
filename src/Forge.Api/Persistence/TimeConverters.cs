using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Forge.Api.Persistence;

/// <summary>
/// Microseconds are the finest precision both SQLite (as an integer) and PostgreSQL
/// (<c>timestamptz</c>) keep, so every time Forge stores is cut to them: what is read back
/// equals what was written on either provider.
/// </summary>
public static class StoredTime
{
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static long ToUnixMicroseconds(DateTimeOffset value) =>
        (Truncate(value).Ticks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUnixMicroseconds(long value) =>
        new(DateTimeOffset.UnixEpoch.Ticks + (value * TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}

public sealed class UnixMicrosecondsConverter() : ValueConverter<DateTimeOffset, long>(
    v => StoredTime.ToUnixMicroseconds(v), v => StoredTime.FromUnixMicroseconds(v));

public sealed class UtcMicrosecondsConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => StoredTime.Truncate(v), v => v.ToUniversalTime());
