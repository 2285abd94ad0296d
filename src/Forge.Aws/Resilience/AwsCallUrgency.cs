namespace Forge.Aws;

/// <summary>
/// Whether the AWS calls of the current flow are made in the background: work nobody is waiting on, such as
/// a warm pool's replenishment. Such calls queue behind every other call waiting for the client's rate limit
/// (<see cref="ClockTokenBucket"/>), so a developer's claim is not held up by the pool building its replacements.
/// </summary>
public static class AwsCallUrgency
{
    private static readonly AsyncLocal<bool> Background = new();

    public static bool IsBackground => Background.Value;

    /// <summary>
    /// Marks the calls this flow makes from here on as background ones. Set inside an async method, it holds
    /// for what that method calls and ends with it (the caller's flow is not changed).
    /// </summary>
    public static void MarkBackground() => Background.Value = true;
}
