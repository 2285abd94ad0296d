using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

public sealed partial class LocalSecretsManager
{
    /// <summary>Letters, digits and the punctuation AWS's GetRandomPassword uses, minus quotes and backslash.</summary>
    private const string PasswordAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~";

    /// <summary>
    /// Rotation without a Lambda: with RotateImmediately (the default) the local cloud itself writes a
    /// new value of the same kind as the current one and moves AWSCURRENT/AWSPREVIOUS, as a successful
    /// rotation function would; AWSPENDING is left on no version.
    /// </summary>
    private JsonObject RotateSecret(JsonInput request, LocalRequestContext context)
    {
        var secret = Resolve(request, context);
        var token = SecretValidation.Token(request) ?? NewVersionId();
        var rules = ParseRules(request.Structure("RotationRules"));
        var lambda = request.String("RotationLambdaARN", 0, 2048);
        var immediately = request.Bool("RotateImmediately") ?? true;
        var output = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };

        if (secret.Find(token) is { } retried)
        {
            // The retry of a rotation that already happened.
            output["VersionId"] = retried.VersionId;
            return output;
        }

        var pending = secret.WithStage(SecretStages.Pending);
        if (pending is not null && pending != secret.WithStage(SecretStages.Current))
        {
            throw new LocalCloudException("InvalidRequestException",
                "A previous rotation isn't complete. That rotation will be reattempted.");
        }

        secret.RotationEnabled = true;
        secret.RotationLambdaArn = lambda ?? secret.RotationLambdaArn;
        secret.RotationRules = rules ?? secret.RotationRules;
        secret.LastChangedDate = context.Now;
        if (immediately)
        {
            var current = secret.WithStage(SecretStages.Current);
            var (text, binary) = NewValue(current);
            var version = new SecretVersion(token, text, binary, context.Now);
            secret.Versions.Add(version);
            secret.MoveStages(version, [SecretStages.Current]);
            pending?.Stages.Remove(SecretStages.Pending);
            secret.LastRotatedDate = context.Now;
            output["VersionId"] = version.VersionId;
        }

        secret.NextRotationDate = NextRotation(secret.RotationRules, secret.LastRotatedDate ?? context.Now);
        return output;
    }

    /// <summary>A JSON object keeps its keys and gets a new <c>password</c>; anything else is replaced whole.</summary>
    private (string? Text, byte[]? Binary) NewValue(SecretVersion? current)
    {
        if (current?.SecretBinary is { } binary)
        {
            return (null, Convert.FromHexString(ids.Hex(Math.Max(binary.Length, 16) * 2)));
        }

        var text = current?.SecretString;
        if (text is not null && TryParseObject(text) is { } json)
        {
            var password = json["password"] is JsonValue old && old.GetValueKind() == JsonValueKind.String
                ? old.GetValue<string>().Length
                : 32;
            json["password"] = ids.Chars(Math.Max(password, 16), PasswordAlphabet);
            return (json.ToJsonString(), null);
        }

        return (ids.Chars(Math.Max(text?.Length ?? 32, 16), PasswordAlphabet), null);
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static RotationRules? ParseRules(JsonInput? rules)
    {
        if (rules is null)
        {
            return null;
        }

        var days = rules.Long("AutomaticallyAfterDays");
        var duration = rules.String("Duration");
        var schedule = rules.String("ScheduleExpression");
        if (days is < 1 or > 1000)
        {
            throw new LocalCloudException("InvalidParameterException", "AutomaticallyAfterDays must be between 1 and 1000.");
        }

        if (duration is not null && !DurationPattern().IsMatch(duration))
        {
            throw new LocalCloudException("InvalidParameterException", "Duration must be a number of hours such as 3h.");
        }

        if (days is not null && schedule is not null)
        {
            throw new LocalCloudException("InvalidParameterException", "Specify AutomaticallyAfterDays or ScheduleExpression, not both.");
        }

        if (schedule is not null && !ScheduleRate().IsMatch(schedule) && !schedule.StartsWith("cron(", StringComparison.Ordinal))
        {
            throw new LocalCloudException("InvalidParameterException", "ScheduleExpression must be a rate() or cron() expression.");
        }

        return new RotationRules(days, duration, schedule);
    }

    /// <summary>Days and <c>rate()</c> schedules give a date; a <c>cron()</c> window is not computed here.</summary>
    private static DateTimeOffset? NextRotation(RotationRules? rules, DateTimeOffset from)
    {
        if (rules?.AutomaticallyAfterDays is { } days)
        {
            return from.AddDays(days);
        }

        if (rules?.ScheduleExpression is { } schedule && ScheduleRate().Match(schedule) is { Success: true } rate)
        {
            var amount = int.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture);
            return rate.Groups[2].Value.StartsWith("hour", StringComparison.Ordinal) ? from.AddHours(amount) : from.AddDays(amount);
        }

        return null;
    }

    [GeneratedRegex("^[0-9]+h$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^rate\((\d+) (hours?|days?)\)$")]
    private static partial Regex ScheduleRate();
}
