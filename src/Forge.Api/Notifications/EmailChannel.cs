using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>How the e-mail channel reaches its SMTP server (section <c>Notifications:Email</c>); off until <see cref="Host"/> and <see cref="From"/> are set.</summary>
public sealed class EmailChannelOptions
{
    public const string SectionName = "Notifications:Email";

    public string? Host { get; set; }

    /// <summary>Default 587 (submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default: required), <c>Tls</c> (implicit TLS, usually port 465) or <c>None</c> (a local sink only).</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>Sign-in to the server, when it asks for one.</summary>
    public string? UserName { get; set; }

    /// <summary>A secret: never logged nor put in an error.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, per deployment: <c>Forge &lt;forge@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    internal SecureSocketOptions SocketOptions => Security switch
    {
        "Tls" => SecureSocketOptions.SslOnConnect,
        "None" => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}

/// <summary>
/// Sends a message by SMTP with MailKit to its <see cref="OutboxMessage.Recipient"/> (an e-mail address), as plain
/// text with an HTML alternative when <see cref="OutboxMessage.Details"/> carries <c>{"html": ...}</c>. A server's
/// 5xx refusal is permanent; a connection failure or a 4xx is tried again by the dispatcher.
/// </summary>
public sealed class EmailChannel(IOptions<EmailChannelOptions> options) : INotificationChannel
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public bool IsConfigured => options.Value is { Host: { Length: > 0 }, From: { Length: > 0 } };

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (message.Recipient is null || !MailboxAddress.TryParse(message.Recipient, out var to))
        {
            return DeliveryResult.GiveUp("The message has no e-mail address to go to.");
        }

        var body = new BodyBuilder { TextBody = message.Body };
        if (message.Details is { } details && System.Text.Json.JsonDocument.Parse(details).RootElement.TryGetProperty("html", out var html))
        {
            body.HtmlBody = html.GetString();
        }

        using var mail = new MimeMessage([MailboxAddress.Parse(settings.From!)], [to], message.Subject, body.ToMessageBody());
        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(settings.Host!, settings.Port, settings.SocketOptions, cancellationToken);
            if (settings.UserName is { Length: > 0 } user)
            {
                await smtp.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
            }

            await smtp.SendAsync(mail, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Success;
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return DeliveryResult.GiveUp($"The SMTP server refused the message: {(int)e.StatusCode}.");
        }
        catch (AuthenticationException)
        {
            return DeliveryResult.GiveUp("The SMTP server refused Forge's sign-in.");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
            or System.Net.Sockets.SocketException or SslHandshakeException)
        {
            return DeliveryResult.Retry($"The SMTP server could not be reached or deferred the message ({e.GetType().Name}).");
        }
    }
}
