namespace Forge.Api.Tests.Support;

/// <summary>
/// Drives background work to a condition: checks, and when not yet true advances the fake clock
/// by <c>step</c> and waits until the workers have caught up (<see cref="SettlingClock.SettleAsync"/>
/// completes when the jobs and passes due by then are done). Bounded, so a stuck system fails the test.
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
            // The clock only moves when the test moves it: the workers finish what is due first.
            await clock.SettleAsync();
        }

        Assert.Fail($"Condition not reached after {maxRounds} rounds; last value: {last}");
        return last;
    }
}
