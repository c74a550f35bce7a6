using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Fleet.Agent.Serial;

namespace Fleet.Agent.Modems.Simulation;

/// <summary>
/// Plays a modem on the device side of a serial port (normally a pty master): answers AT commands in the
/// SIMCom or Quectel dialect from a <see cref="ModemScenario"/>, echoes when ATE1 is on, and can inject
/// unsolicited codes in the middle of a response or stay silent to provoke timeouts.
/// </summary>
public sealed class SimulatedModem
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ModemScenario _scenario;
    private readonly TimeProvider _time;
    private readonly long _startTicks;
    private readonly ConcurrentQueue<string> _midResponseUrcs = new();
    private readonly ConcurrentDictionary<string, int> _silent = new(StringComparer.OrdinalIgnoreCase);
    private int _cregN;
    private int _ceregN;
    private int _copsFormat;

    public SimulatedModem(ModemScenario scenario, TimeProvider time)
    {
        _scenario = scenario;
        _time = time;
        _startTicks = time.GetTimestamp();
        Echo = scenario.Echo;
    }

    public bool Echo { get; private set; }

    /// <summary>Commands received so far (for assertions).</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public ModemScenario Scenario => _scenario;

    /// <summary>The next response gets <paramref name="urcLine"/> between its information lines and its final OK.</summary>
    public void InjectUrcInNextResponse(string urcLine) => _midResponseUrcs.Enqueue(urcLine);

    /// <summary>The next <paramref name="times"/> occurrences of <paramref name="command"/> get no answer at all.</summary>
    public void IgnoreCommand(string command, int times = 1) => _silent[command.Trim()] = times;

    public RoutePoint CurrentPoint => _scenario.PointAt(_time.GetElapsedTime(_startTicks));

    /// <summary>Serves commands until the port fails or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(ISerialPort port, CancellationToken cancellationToken)
    {
        var buffer = new byte[512];
        var command = new StringBuilder();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var n = await port.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < n; i++)
                {
                    var c = (char)buffer[i];
                    if (c == '\r')
                    {
                        var text = command.ToString().Trim();
                        command.Clear();
                        if (text.Length > 0)
                        {
                            await HandleAsync(port, text, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else if (c != '\n')
                    {
                        command.Append(c);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The device side ends when the test or the simulated USB reset closes it.
        }
    }

    private async Task HandleAsync(ISerialPort port, string command, CancellationToken cancellationToken)
    {
        Received.Enqueue(command);
        var echo = Echo;
        if (_silent.TryGetValue(command, out var left) && left > 0)
        {
            _silent[command] = left - 1;
            if (echo)
            {
                await WriteAsync(port, command + "\r", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var (lines, final) = Answer(command);
        var sb = new StringBuilder();
        if (echo)
        {
            sb.Append(command).Append('\r');
        }

        foreach (var line in lines)
        {
            sb.Append("\r\n").Append(line).Append("\r\n");
        }

        await WriteAsync(port, sb.ToString(), cancellationToken).ConfigureAwait(false);
        while (_midResponseUrcs.TryDequeue(out var urc))
        {
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            await WriteAsync(port, "\r\n" + urc + "\r\n", cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(port, "\r\n" + final + "\r\n", cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask WriteAsync(ISerialPort port, string text, CancellationToken cancellationToken) =>
        port.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);

    private (IReadOnlyList<string> Lines, string Final) Answer(string raw)
    {
        var cmd = raw.ToUpperInvariant();
        var p = CurrentPoint;
        var vendor = _scenario.Vendor;
        switch (cmd)
        {
            case "AT" or "AT+CMEE=1" or "AT+CMEE=2" or "AT+CGPS=1" or "AT+QGPS=1" or "AT+CGPS=0" or "AT+QGPSEND":
                return Ok();
            case "ATE0" or "ATE1":
                Echo = cmd == "ATE1";
                return Ok();
            case "ATI":
                return vendor == ModemVendor.Simcom
                    ? Ok("Manufacturer: SIMCOM INCORPORATED", "Model: SIMCOM_SIM7600E-H", "Revision: SIM7600M22_V2.0", "IMEI: " + _scenario.Imei)
                    : Ok("Quectel", "RM520N-GL", "Revision: RM520NGLAAR03A03M4G");
            case "AT+CGSN" or "AT+GSN":
                return Ok(_scenario.Imei);
            case "AT+CPIN?":
                return Ok("+CPIN: READY");
            case "AT+CCID" or "AT+ICCID" or "AT+QCCID" or "AT^ICCID?":
                return Ok((vendor == ModemVendor.Quectel ? "+QCCID: " : "+ICCID: ") + _scenario.Iccid);
            case "AT+CSQ":
                return Ok($"+CSQ: {Rssi(p) switch { null => 99, var r => Math.Clamp((r.Value + 113) / 2, 0, 31) }},99");
            case "AT+CESQ":
                return Ok($"+CESQ: 99,99,255,255,{(p.Rsrq is { } q ? Math.Clamp((q + 20) * 2, 0, 34) : 255)},{(p.Rsrp is { } r2 ? Math.Clamp(r2 + 141, 0, 97) : 255)}");
            case "AT+COPS?":
                return Ok(_copsFormat == 2 ? $"+COPS: 0,2,\"{p.MccMnc}\",{Act(p)}" : $"+COPS: 0,{_copsFormat},\"{p.OperatorName}\",{Act(p)}");
            case "AT+CREG?" or "AT+CGREG?":
                return Ok(Registration(cmd[2..^1], _cregN, p, withAct: false));
            case "AT+CEREG?":
                return Ok(Registration("+CEREG", _ceregN, p, withAct: true));
            case "AT+CPSI?" when vendor == ModemVendor.Simcom:
                return Ok(Cpsi(p));
            case "AT+CGPSINFO" when vendor == ModemVendor.Simcom:
                return Ok("+CGPSINFO: " + CgpsInfo(p));
            case "AT+QENG=\"SERVINGCELL\"" when vendor == ModemVendor.Quectel:
                return Ok(QengServing(p));
            case "AT+QGPSLOC=2" when vendor == ModemVendor.Quectel:
                return Ok(Qgpsloc(p));
            case "AT+QSPN" when vendor == ModemVendor.Quectel:
                return Ok($"+QSPN: \"{p.OperatorName}\",\"{p.OperatorName}\",\"\",0,\"{p.MccMnc}\"");
        }

        if (cmd.StartsWith("AT+COPS=3,", StringComparison.Ordinal) && int.TryParse(cmd.AsSpan(10), out var format))
        {
            _copsFormat = format;
            return Ok();
        }

        if ((cmd.StartsWith("AT+CREG=", StringComparison.Ordinal) || cmd.StartsWith("AT+CGREG=", StringComparison.Ordinal)) && int.TryParse(cmd.AsSpan(cmd.IndexOf('=') + 1), out var cn))
        {
            _cregN = cn;
            return Ok();
        }

        if (cmd.StartsWith("AT+CEREG=", StringComparison.Ordinal) && int.TryParse(cmd.AsSpan(9), out var en))
        {
            _ceregN = en;
            return Ok();
        }

        return ([], "ERROR");
    }

    private static (IReadOnlyList<string>, string) Ok(params string[] lines) => (lines, "OK");

    private static int? Rssi(RoutePoint p) => p.Rssi ?? (p.Rsrp is { } r ? r + 20 : null);

    private static int Act(RoutePoint p) => p.NetworkMode switch
    {
        "5G" => 13,
        "LTE" => 7,
        "HSPA+" or "HSUPA" or "HSDPA" => 6,
        "UMTS" => 2,
        _ => 0,
    };

    private static string Registration(string prefix, int n, RoutePoint p, bool withAct)
    {
        var stat = p.Rsrp is null && p.Rssi is null ? 2 : 1;
        return n >= 2
            ? $"{prefix}: {n},{stat},\"{p.Tac:X4}\",\"{p.CellId:X}\"" + (withAct ? $",{Math.Min(Act(p), 7)}" : "")
            : $"{prefix}: {n},{stat}";
    }

    private static string Mcc(RoutePoint p) => p.MccMnc[..3];

    private static string Mnc(RoutePoint p) => p.MccMnc[3..];

    private static string Dash(int? v) => v?.ToString(Inv) ?? "-";

    private static string[] Cpsi(RoutePoint p)
    {
        if (p.Rsrp is null)
        {
            return ["+CPSI: NO SERVICE,Online"];
        }

        // SIM7600 reports RSRQ/RSRP/RSSI in tenths and SINR as an index (dB = 2*index - 20).
        var lte = $"+CPSI: LTE,Online,{Mcc(p)}-{Mnc(p)},0x{p.Tac:X4},{p.CellId},{p.CellId % 504},EUTRAN-BAND3,1300,5,5,"
            + $"{(p.Rsrq ?? -10) * 10},{p.Rsrp * 10},{(Rssi(p) ?? -70) * 10},{(int)Math.Round(((p.Sinr ?? 0) + 20) / 2)}";
        return p.NetworkMode == "5G"
            ? [lte, $"+CPSI: NR5G_NSA,{p.CellId % 1008},NR5G_BAND78,627264,{(p.Rsrp + 3) * 10},{(p.Rsrq ?? -10) * 10},{(int)Math.Round((p.Sinr ?? 0) * 10)}"]
            : [lte];
    }

    private static string[] QengServing(RoutePoint p)
    {
        if (p.Rsrp is null)
        {
            return ["+QENG: \"servingcell\",\"SEARCH\""];
        }

        var lte = $"+QENG: \"LTE\",\"FDD\",{Mcc(p)},{Mnc(p)},{p.CellId:X},{p.CellId % 504},1300,3,5,5,{p.Tac:X},{p.Rsrp},{Dash(p.Rsrq)},{Dash(Rssi(p))},"
            + $"{Dash(p.Sinr is { } s ? (int)Math.Round(s) : null)},10,-,-";
        return p.NetworkMode == "5G"
            ? ["+QENG: \"servingcell\",\"NOCONN\"", lte, $"+QENG: \"NR5G-NSA\",{Mcc(p)},{Mnc(p)},{p.CellId % 1008},{p.Rsrp + 3},{Dash(p.Sinr is { } s2 ? (int)Math.Round(s2) : null)},{Dash(p.Rsrq)},627264,78,10,1"]
            : ["+QENG: \"servingcell\",\"NOCONN\"", lte];
    }

    private DateTimeOffset FixTime(RoutePoint p) => _scenario.RouteStart + p.Offset;

    private string CgpsInfo(RoutePoint p)
    {
        var t = FixTime(p);
        return string.Create(Inv, $"{Nmea(Math.Abs(p.Latitude))},{(p.Latitude >= 0 ? 'N' : 'S')},{Nmea(Math.Abs(p.Longitude))},{(p.Longitude >= 0 ? 'E' : 'W')},{t:ddMMyy},{t:HHmmss.f},60.0,{(p.SpeedKmh ?? 0) / 1.852:0.0},0.0");
    }

    private string Qgpsloc(RoutePoint p)
    {
        var t = FixTime(p);
        var kmh = p.SpeedKmh ?? 0;
        return string.Create(Inv, $"+QGPSLOC: {t:HHmmss.ff},{p.Latitude:0.00000},{p.Longitude:0.00000},0.9,60.0,3,0.00,{kmh:0.0},{kmh / 1.852:0.0},{t:ddMMyy},09");
    }

    private static string Nmea(double degrees)
    {
        var d = Math.Floor(degrees);
        return ((d * 100) + ((degrees - d) * 60)).ToString("0.000000", Inv);
    }
}
