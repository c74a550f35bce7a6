using System.Globalization;
using Fleet.Agent.Modems.At;
using Fleet.Agent.Modems.Parsing;
using Fleet.Agent.Modems.Parsing.Quectel;
using Fleet.Agent.Modems.Parsing.Simcom;
using Fleet.Agent.Modems.Parsing.ThreeGpp;
using Fleet.Agent.Modems.Simulation;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Modems.Monitoring;

/// <summary>
/// Polls one modem: on every (re)connection it identifies the modem (ATI, ICCID) and enables registration
/// details (+CEREG=2); then each interval it reads +CSQ, +CESQ, +COPS?, +CEREG? and the vendor's serving-cell
/// command, and applies +CREG/+CEREG URCs as they arrive. Every failed command just leaves the field unknown.
/// </summary>
public sealed partial class ModemPoller
{
    private readonly ModemEndpointOptions _endpoint;
    private readonly IAtChannel _channel;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ModemSnapshot _snapshot;
    private bool _identified;

    public ModemPoller(ModemEndpointOptions endpoint, IAtChannel channel, TimeSpan interval, TimeSpan timeout, TimeProvider time, ILogger logger)
    {
        _endpoint = endpoint;
        _channel = channel;
        _interval = interval;
        _timeout = timeout;
        _time = time;
        _logger = logger;
        _snapshot = new ModemSnapshot { Name = endpoint.Name, DevicePath = endpoint.DevicePath, Vendor = endpoint.Vendor ?? ModemVendor.Generic, UpdatedAt = time.GetUtcNow() };
    }

    public ModemSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    public event EventHandler<ModemSnapshot>? Changed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var urcs = ConsumeUrcsAsync(cancellationToken);
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await urcs.ConfigureAwait(false);
    }

    /// <summary>One polling round; public so tests and tools can drive it without the timer.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        if (!_channel.IsConnected)
        {
            _identified = false;
            Publish(s => s with { Connected = false });
            return;
        }

        if (!_identified)
        {
            await IdentifyAsync(cancellationToken).ConfigureAwait(false);
        }

        var s = Snapshot with { Connected = true };
        if (SignalQualityParser.ParseCsq(await TextAsync("AT+CSQ", cancellationToken).ConfigureAwait(false)) is { } csq)
        {
            s = s with { Rssi = csq.RssiDbm };
        }

        if (SignalQualityParser.ParseCesq(await TextAsync("AT+CESQ", cancellationToken).ConfigureAwait(false)) is { } cesq)
        {
            s = s with { Rsrp = cesq.Rsrp ?? s.Rsrp, Rsrq = cesq.Rsrq ?? s.Rsrq };
        }

        if (OperatorParser.ParseCurrent(await TextAsync("AT+COPS?", cancellationToken).ConfigureAwait(false)) is { } cops)
        {
            s = cops.Format == 2 ? s with { MccMnc = cops.Operator } : s with { Operator = cops.Operator };
            if (cops.AccessTech != AccessTechnology.Unknown)
            {
                s = s with { AccessTech = cops.AccessTech };
            }
        }

        if (RegistrationParser.Parse(await TextAsync("AT+CEREG?", cancellationToken).ConfigureAwait(false), solicited: true) is { } reg)
        {
            s = ApplyRegistration(s, reg);
        }

        s = s.Vendor switch
        {
            ModemVendor.Quectel => ApplyQuectel(s, QuectelParsers.ParseServingCell(await TextAsync("AT+QENG=\"servingcell\"", cancellationToken).ConfigureAwait(false))),
            ModemVendor.Simcom => ApplySimcom(s, SimcomParsers.ParseCpsi(await TextAsync("AT+CPSI?", cancellationToken).ConfigureAwait(false))),
            _ => s,
        };

        var counters = _channel.Counters;
        Publish(_ => s with { Timeouts = counters.Timeouts, Errors = counters.Errors, Reconnects = counters.Reconnects });
    }

    private async Task IdentifyAsync(CancellationToken cancellationToken)
    {
        var ati = await _channel.SendAsync("ATI", _timeout, cancellationToken).ConfigureAwait(false);
        if (!ati.IsOk)
        {
            return;
        }

        var identity = QuectelParsers.ParseIdentity(ati.Text);
        var vendor = _endpoint.Vendor ?? DetectVendor(identity);
        string? iccid = null;
        foreach (var command in new[] { "AT+CCID", "AT+ICCID", "AT+QCCID" })
        {
            iccid = SimcomParsers.ParseIccid(await TextAsync(command, cancellationToken).ConfigureAwait(false));
            if (iccid is not null)
            {
                break;
            }
        }

        await _channel.SendAsync("AT+CEREG=2", _timeout, cancellationToken).ConfigureAwait(false);
        string? mccMnc = null;
        if (vendor == ModemVendor.Generic)
        {
            // Generic modems give the numeric operator only via +COPS format 2; read it once per connection.
            await _channel.SendAsync("AT+COPS=3,2", _timeout, cancellationToken).ConfigureAwait(false);
            mccMnc = OperatorParser.ParseCurrent(await TextAsync("AT+COPS?", cancellationToken).ConfigureAwait(false))?.Operator;
            await _channel.SendAsync("AT+COPS=3,0", _timeout, cancellationToken).ConfigureAwait(false);
        }

        _identified = true;
        LogIdentified(_endpoint.Name, vendor, identity?.Model, iccid);
        Publish(s => s with { Vendor = vendor, Model = identity?.Model, Iccid = iccid ?? s.Iccid, MccMnc = mccMnc ?? s.MccMnc });
    }

    internal static ModemVendor DetectVendor(ModemIdentity? identity)
    {
        var text = (identity?.Manufacturer + " " + identity?.Model).ToUpperInvariant();
        return text.Contains("QUECTEL", StringComparison.Ordinal) ? ModemVendor.Quectel
            : text.Contains("SIMCOM", StringComparison.Ordinal) ? ModemVendor.Simcom
            : ModemVendor.Generic;
    }

    private async Task<string> TextAsync(string command, CancellationToken cancellationToken)
    {
        var result = await _channel.SendAsync(command, _timeout, cancellationToken).ConfigureAwait(false);
        return result.IsOk ? result.Text : "";
    }

    private static ModemSnapshot ApplyRegistration(ModemSnapshot s, RegistrationInfo reg) => s with
    {
        Registration = reg.State,
        Tac = reg.Lac != 0 ? reg.Lac.ToString("X", CultureInfo.InvariantCulture) : s.Tac,
        CellId = reg.CellId != 0 ? reg.CellId.ToString("X", CultureInfo.InvariantCulture) : s.CellId,
        AccessTech = reg.AccessTech != AccessTechnology.Unknown && s.AccessTech == AccessTechnology.Unknown ? reg.AccessTech : s.AccessTech,
    };

    private static ModemSnapshot ApplyQuectel(ModemSnapshot s, QuectelServingCell? serving)
    {
        if (serving?.Primary is not { } cell)
        {
            return s;
        }

        return s with
        {
            AccessTech = serving.AccessTech,
            MccMnc = cell.MccMnc ?? s.MccMnc,
            CellId = cell.CellId ?? s.CellId,
            Tac = cell.Tac ?? s.Tac,
            Rsrp = cell.Rsrp ?? s.Rsrp,
            Rsrq = cell.Rsrq ?? s.Rsrq,
            Rssi = cell.Rssi ?? s.Rssi,
            Sinr = cell.Sinr ?? s.Sinr,
        };
    }

    private static ModemSnapshot ApplySimcom(ModemSnapshot s, SimcomSystemInfo? info)
    {
        if (info is null || !info.HasService)
        {
            return s;
        }

        return s with
        {
            AccessTech = info.AccessTech,
            MccMnc = info.MccMnc ?? s.MccMnc,
            CellId = long.TryParse(info.CellId, out var ci) ? ci.ToString("X", CultureInfo.InvariantCulture) : info.CellId ?? s.CellId,
            Tac = info.Tac?.Replace("0x", "", StringComparison.OrdinalIgnoreCase) ?? s.Tac,
            Rsrp = info.Rsrp ?? s.Rsrp,
            Rsrq = info.Rsrq ?? s.Rsrq,
            Rssi = info.Rssi ?? s.Rssi,
            Sinr = info.Sinr ?? s.Sinr,
        };
    }

    private async Task ConsumeUrcsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var urc in _channel.Urcs.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (RegistrationParser.Parse(urc.Line, solicited: false) is { } reg
                    && reg.Domain is RegistrationDomain.Cereg or RegistrationDomain.C5greg or RegistrationDomain.Creg)
                {
                    Publish(s => ApplyRegistration(s, reg));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Publish(Func<ModemSnapshot, ModemSnapshot> update)
    {
        ModemSnapshot next;
        lock (_gate)
        {
            next = update(_snapshot) with { UpdatedAt = _time.GetUtcNow() };
            var changed = !next.SameStateAs(_snapshot);
            _snapshot = next;
            if (!changed)
            {
                return;
            }
        }

        Changed?.Invoke(this, next);
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Modem {Name}: {Vendor} {Model}, ICCID {Iccid}")]
    private partial void LogIdentified(string name, ModemVendor vendor, string? model, string? iccid);
}
