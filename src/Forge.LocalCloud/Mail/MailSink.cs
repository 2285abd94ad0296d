using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Forge.LocalCloud.Mail;

/// <summary>One message the SMTP sink accepted, as <c>GET /_localcloud/mail</c> shows it.</summary>
public sealed record ReceivedMail(long Sequence, DateTimeOffset ReceivedAt, string From, IReadOnlyList<string> To, string Subject, string? Text, string? Html);

/// <summary>
/// Every message the local cloud's SMTP server accepted, oldest first (the last <see cref="Capacity"/>); and whether it
/// is down (<see cref="Outage"/>: every message is then refused with that reply code, and nothing is kept).
/// </summary>
public sealed class MailSink(TimeProvider clock)
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _mail = [];
    private long _sequence;
    private int? _outage;
    private int _refused;

    /// <summary>The SMTP reply code every message is refused with while the server is down (421, say), or null while it is up.</summary>
    public int? Outage
    {
        get
        {
            lock (_gate)
            {
                return _outage;
            }
        }

        set
        {
            lock (_gate)
            {
                _outage = value;
            }
        }
    }

    /// <summary>How many messages were refused during outages.</summary>
    public int Refused
    {
        get
        {
            lock (_gate)
            {
                return _refused;
            }
        }
    }

    /// <summary>Counts a refused message and gives the code to refuse it with, or null when the server is up.</summary>
    public int? Refuse()
    {
        lock (_gate)
        {
            if (_outage is { } code)
            {
                _refused++;
            }

            return _outage;
        }
    }

    public ReceivedMail Add(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            var mail = new ReceivedMail(++_sequence, clock.GetUtcNow(), message.From.ToString(),
                [.. message.To.Mailboxes.Select(m => m.Address)], message.Subject ?? "", message.TextBody, message.HtmlBody);
            _mail.Add(mail);
            if (_mail.Count > Capacity)
            {
                _mail.RemoveAt(0);
            }

            return mail;
        }
    }

    /// <summary>The messages to <paramref name="to"/> (any, when null).</summary>
    public IReadOnlyList<ReceivedMail> Find(string? to)
    {
        lock (_gate)
        {
            return [.. _mail.Where(m => to is null || m.To.Contains(to, StringComparer.OrdinalIgnoreCase))];
        }
    }
}

/// <summary>
/// The local cloud's SMTP server on loopback (<see cref="LocalCloudOptions.SmtpPort"/>; off when unset), built on
/// the maintained SmtpServer library: it accepts every message (no authentication, no TLS: it is a sink) and keeps
/// it, parsed with MimeKit, in <see cref="MailSink"/>.
/// </summary>
public sealed partial class SmtpSinkHost(LocalCloudOptions options, MailSink sink, ILogger<SmtpSinkHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.SmtpPort is not { } port)
        {
            return;
        }

        var smtp = new SmtpServerOptionsBuilder().ServerName("localcloud")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new SinkStore(sink));
        LogListening(logger, port);
        await new SmtpServer.SmtpServer(smtp, services).StartAsync(stoppingToken);
    }

    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "SMTP sink listening on 127.0.0.1:{Port}")]
    private static partial void LogListening(ILogger logger, int port);

    private sealed class SinkStore(MailSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.Refuse() is { } code)
            {
                return new SmtpResponse((SmtpReplyCode)code, "Service not available, closing transmission channel");
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            sink.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>
/// <c>GET /_localcloud/mail[?to=address]</c>: what the SMTP sink received (and how many it refused while down);
/// <c>PUT /_localcloud/mail/outage</c> with <c>{"code": 421}</c> takes the server down (every message refused with that
/// SMTP reply code, 400 to 599) and <c>DELETE</c> on the same path brings it back. Loopback only, like the rest of the control surface.
/// </summary>
public static class MailControlApi
{
    public static IServiceCollection AddLocalMail(this IServiceCollection services)
    {
        services.AddSingleton<MailSink>();
        services.AddHostedService<SmtpSinkHost>();
        return services;
    }

    public static IEndpointRouteBuilder MapMailControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Control.ControlApi.Prefix + "/mail", (string? to, MailSink sink) => Results.Ok(new { mail = sink.Find(to), refused = sink.Refused }));
        endpoints.MapPut(Control.ControlApi.Prefix + "/mail/outage", (MailOutage outage, MailSink sink) =>
        {
            if (outage.Code is < 400 or > 599)
            {
                return Results.Problem("'code' must be an SMTP error reply code (400 to 599).", statusCode: StatusCodes.Status400BadRequest);
            }

            sink.Outage = outage.Code;
            return Results.NoContent();
        });
        endpoints.MapDelete(Control.ControlApi.Prefix + "/mail/outage", (MailSink sink) =>
        {
            sink.Outage = null;
            return Results.NoContent();
        });
        return endpoints;
    }
}

/// <summary>The body of <c>PUT /_localcloud/mail/outage</c>.</summary>
public sealed record MailOutage(int Code);
