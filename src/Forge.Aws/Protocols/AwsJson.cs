using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Forge.Aws.Protocols;

/// <summary>
/// JSON settings for the awsJson protocols: member names exactly as declared (the model's PascalCase),
/// absent members omitted, timestamps as epoch seconds.
/// </summary>
public static class AwsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = null,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Timestamps travel as epoch seconds, possibly fractional, in both directions.</summary>
    public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                // Some services answer ISO 8601 strings for members with a timestampFormat trait.
                return DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }

            var seconds = reader.GetDecimal();
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000m));
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
        }
    }
}
