using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Forge.Aws;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Tests.Protocol;

/// <summary>
/// The local cloud's single AWS entry point over real HTTP: every badly signed, unroutable, malformed or
/// oversized request gets the AWS-shaped error AWS gives, and the local cloud keeps serving afterwards.
/// </summary>
public sealed class FrontDoorTests : IAsyncLifetime
{
    private readonly EchoService _echo = EchoService.For(AwsServices.WorkSpaces);
    private ProtocolTestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ProtocolTestCloud.StartAsync(_echo);

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_wrong_signature_on_json_is_403_InvalidSignatureException_in_header_and_body()
    {
        var wrong = new AwsCredentials(LocalCloudDefaults.AccessKeyId, "not-the-secret");

        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", "{}", wrong), 403, "InvalidSignatureException");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_wrong_signature_on_query_is_403_SignatureDoesNotMatch_in_an_xml_ErrorResponse()
    {
        var wrong = new AwsCredentials(LocalCloudDefaults.AccessKeyId, "not-the-secret");
        using var request = _cloud.Query(AwsServices.Sns, "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Aforge&Message=hi", wrong);

        using var response = await _cloud.Http.SendAsync(request);
        var error = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("ErrorResponse", error.Name.LocalName);
        Assert.Equal("SignatureDoesNotMatch", error.Descendants().Single(e => e.Name.LocalName == "Code").Value);
        Assert.Equal("Sender", error.Descendants().Single(e => e.Name.LocalName == "Type").Value);
        Assert.NotEmpty(error.Elements().Single(e => e.Name.LocalName == "RequestId").Value);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_access_key_is_403_UnrecognizedClientException()
    {
        var stranger = new AwsCredentials("AKIDSTRANGER", LocalCloudDefaults.SecretAccessKey);

        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", "{}", stranger), 403, "UnrecognizedClientException");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_request_without_Authorization_is_403_MissingAuthenticationTokenException()
    {
        var request = _cloud.Json(_echo.Service, "DescribeWorkspaceBundles", "{}");
        request.Headers.Remove("Authorization");

        await AssertJsonErrorAsync(request, 403, "MissingAuthenticationTokenException");
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Signature=abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=forge-local/20260302/us-east-1/workspaces, SignedHeaders=host, Signature=abc")]
    [InlineData("Basic Zm9yZ2U6c2VjcmV0")]
    public async Task A_malformed_Authorization_header_is_400_IncompleteSignatureException(string authorization)
    {
        var request = _cloud.Json(_echo.Service, "DescribeWorkspaceBundles", "{}");
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        await AssertJsonErrorAsync(request, 400, "IncompleteSignatureException");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_request_signed_too_long_ago_is_403_with_signature_expired()
    {
        var message = await AssertJsonErrorAsync(
            _cloud.Json(_echo.Service, "DescribeWorkspaceBundles", "{}", signedAt: _cloud.Time.GetUtcNow().AddMinutes(-16)),
            403, "InvalidSignatureException");

        Assert.StartsWith("Signature expired", message, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unknown_operation_is_400_UnknownOperationException()
    {
        await AssertJsonErrorAsync(_cloud.Json(AwsServices.WorkSpaces, "DescribeWorkspacez", "{}"), 400, "UnknownOperationException");
        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspacez", "{}"), 400, "UnknownOperationException");
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("{\"Owner\":")]
    [InlineData("[]")]
    [InlineData("nul")]
    [InlineData("\"AMAZON\"")]
    [InlineData("{\"Owner\":\"AMAZON\",\"Owner\":\"AMAZON\"}")]
    public async Task A_malformed_json_body_is_400_SerializationException(string body)
    {
        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", body), 400, "SerializationException");
        Assert.Equal(0, _echo.Calls);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Json_nested_beyond_the_parser_depth_or_invalid_utf8_is_400_SerializationException()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500);

        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", deep), 400, "SerializationException");
        await AssertJsonErrorAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']),
            400, "SerializationException");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_declared_or_chunked()
    {
        var body = new byte[AwsRequestDispatcher.MaxBodyBytes + 1];
        body.AsSpan().Fill((byte)' ');

        using (var response = await _cloud.Http.SendAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", body)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        var chunked = _cloud.Json(_echo.Service, "DescribeWorkspaceBundles", body);
        chunked.Content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1") } };
        chunked.Headers.TransferEncodingChunked = true;
        using (var response = await _cloud.Http.SendAsync(chunked))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        Assert.Equal(0, _echo.Calls);
        await AssertStillServingAsync();
    }

    /// <summary>Sends, asserts status, <c>x-amzn-ErrorType</c> and <c>__type</c>; returns the message.</summary>
    private async Task<string> AssertJsonErrorAsync(HttpRequestMessage request, int status, string code)
    {
        using (request)
        {
            using var response = await _cloud.Http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(code, response.Headers.GetValues("x-amzn-ErrorType").Single());
            Assert.Equal(code, (string?)body["__type"]);
            Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId").Single());
            return (string?)body["message"] ?? "";
        }
    }

    /// <summary>The local cloud still answers valid requests: the stub, and the real WorkSpaces service.</summary>
    private async Task AssertStillServingAsync()
    {
        var calls = _echo.Calls;
        using (var stub = await _cloud.Http.SendAsync(_cloud.Json(_echo.Service, "DescribeWorkspaceBundles", """{"Owner":"AMAZON"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, stub.StatusCode);
            Assert.Equal("AMAZON", (string?)JsonNode.Parse(await stub.Content.ReadAsStringAsync())!["Echo"]!["Owner"]);
            Assert.Equal(calls + 1, _echo.Calls);
        }

        using var real = await _cloud.Http.SendAsync(_cloud.Json(AwsServices.WorkSpaces, "DescribeWorkspaceBundles", """{"Owner":"AMAZON"}"""));
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.NotEmpty(JsonNode.Parse(await real.Content.ReadAsStringAsync())!["Bundles"]!.AsArray());
    }
}
