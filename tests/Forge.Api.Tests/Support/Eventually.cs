using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Drives background work to a condition: checks, and when not yet true advances the fake clock
/// by <c>step</c> and gives the workers real time to catch up (a <see cref="SettlingClock"/> waits
/// until the jobs due by then are taken). Bounded, so a stuck system fails the test.
/// </summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(FakeTimeProvider clock, Func<Task<T>> read, Func<T, bool> done, TimeSpan step, int maxRounds = 400)
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
            if (clock is SettlingClock settling)
            {
                await settling.SettleAsync();
            }
            else
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }

        Assert.Fail($"Condition not reached after {maxRounds} rounds; last value: {last}");
        return last;
    }
}
