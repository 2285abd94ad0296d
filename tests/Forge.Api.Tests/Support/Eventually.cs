namespace Forge.Api.Tests.Support;

/// <summary>
/// Drives background work to a condition: checks, and when not yet true advances the fake clock
/// by <c>step</c> and gives the workers real time to catch up (<see cref="SettlingClock.SettleAsync"/>
/// waits until the jobs due by then are taken). Bounded, so a stuck system fails the test.
/// </summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(SettlingClock clock, Func<Task<T>> read, Func<T, bool> done, TimeSpan step, int maxRounds = 400)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        T last = default!;
        for (var round = 0; round < maxRounds; round++)
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            clock.Advance(step);
            // Real time for the workers to run; the clock only moves when the test moves it.
            await clock.SettleAsync();
        }

        Assert.Fail($"Condition not reached after {maxRounds} rounds; last value: {last}");
        return last;
    }
}
