using System.Text;
using System.Xml.Linq;

namespace Forge.Aws.Protocols;

/// <summary>
/// Invokes awsQuery operations: a form body with <c>Action</c> and <c>Version</c> and flattened
/// parameters (<c>Name.member.N</c>, <c>Name.entry.N.Name</c>); the answer is XML.
/// </summary>
public sealed class AwsQueryClient(AwsTransport transport, AwsService service, string defaultRegion)
{
    /// <summary>Returns the <c>{Operation}Result</c> element, or null when the operation has no output.</summary>
    public async Task<XElement?> InvokeAsync(string operation, IEnumerable<KeyValuePair<string, string>> parameters,
        string? region, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", operation), new("Version", service.ApiVersion) };
        form.AddRange(parameters);
        var body = Encoding.UTF8.GetBytes(EncodeForm(form));
        var response = await transport.SendAsync(service, region ?? defaultRegion, operation,
            new AwsRequestBody(body, "application/x-www-form-urlencoded; charset=utf-8", []), cancellationToken).ConfigureAwait(false);
        if (response.Content.Length == 0)
        {
            return null;
        }

        var document = XDocument.Parse(Encoding.UTF8.GetString(response.Content));
        return document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result");
    }

    /// <summary>RFC 3986 form encoding, as the AWS SDKs send it.</summary>
    public static string EncodeForm(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => $"{Signing.SigV4.UriEncode(p.Key)}={Signing.SigV4.UriEncode(p.Value)}"));
}
