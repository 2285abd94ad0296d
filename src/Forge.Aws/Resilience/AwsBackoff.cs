namespace Forge.Aws;

/// <summary>
/// Exponential backoff with "equal jitter" kept inside [base, max]: the wait before retry n (0-based)
/// is drawn from the upper half of base·2^(n+1), capped at max. With a 1 s base and 16 s max: 1–2 s,
/// 2–4 s, 4–8 s, 8–16 s, 8–16 s.
/// <para>
/// Why not Polly's own jitter (<c>UseJitter</c>, decorrelated jitter V2): its first retries can wait far
/// less than the base delay (a 1 s base gives waits from nearly 0 s), so a throttled client comes back
/// at once and throttles again. AWS asks throttled callers to back off, so the base is a floor.
/// </para>
/// </summary>
public static class AwsBackoff
{
    /// <summary>The wait before retry <paramref name="attempt"/> (0-based), for a <paramref name="random"/> draw in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        // Doubles, so that a large attempt number saturates at the cap instead of overflowing.
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, attempt + 1));
        var ticks = ceiling / 2 + (Math.Clamp(random, 0, 1) * ceiling / 2);
        return TimeSpan.FromTicks((long)Math.Clamp(ticks, baseDelay.Ticks, maxDelay.Ticks));
    }
}
