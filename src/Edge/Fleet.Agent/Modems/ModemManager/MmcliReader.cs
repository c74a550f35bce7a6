using System.Globalization;
using System.Text.Json;
using Fleet.Agent.Health;
using Fleet.Agent.Modems.Parsing;

namespace Fleet.Agent.Modems.ModemManager;

/// <summary>Metrics ModemManager knows about one modem, read through mmcli's JSON output. "--" fields are null.</summary>
public sealed record MmcliModemStatus(
    string? Manufacturer,
    string? Model,
    string? State,
    string? OperatorName,
    string? OperatorCode,
    RegistrationState? Registration,
    AccessTechnology AccessTech,
    int? SignalQualityPercent,
    string? SimPath,
    string? Iccid,
    double? Rssi,
    double? Rsrp,
    double? Rsrq,
    double? Sinr);

/// <summary>
/// Where ModemManager owns the modems, the AT port may be busy; mmcli exposes the same metrics:
/// <c>mmcli -J -m N</c> (operator, registration, access technology), <c>mmcli -J -m N --signal-get</c>
/// (needs <c>--signal-setup=N</c> once) and <c>mmcli -J -i S</c> for the ICCID.
/// </summary>
public sealed class MmcliReader(IProcessRunner runner, string mmcliPath = "mmcli")
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when mmcli is missing or the modem index is unknown.</summary>
    public async Task<MmcliModemStatus?> ReadAsync(int modemIndex, CancellationToken cancellationToken)
    {
        var index = modemIndex.ToString(CultureInfo.InvariantCulture);
        var modem = await runner.RunAsync(mmcliPath, ["-J", "-m", index], Timeout, cancellationToken).ConfigureAwait(false);
        if (modem is not { ExitCode: 0 })
        {
            return null;
        }

        var signal = await runner.RunAsync(mmcliPath, ["-J", "-m", index, "--signal-get"], Timeout, cancellationToken).ConfigureAwait(false);
        var status = Parse(modem.StandardOutput, signal is { ExitCode: 0 } ? signal.StandardOutput : null);
        if (status?.SimPath is { } sim && sim.LastIndexOf('/') is var slash and >= 0 && int.TryParse(sim.AsSpan(slash + 1), out var simIndex))
        {
            var simOut = await runner.RunAsync(mmcliPath, ["-J", "-i", simIndex.ToString(CultureInfo.InvariantCulture)], Timeout, cancellationToken).ConfigureAwait(false);
            if (simOut is { ExitCode: 0 })
            {
                status = status with { Iccid = ParseIccid(simOut.StandardOutput) };
            }
        }

        return status;
    }

    /// <summary>Parses <c>mmcli -J -m N</c> and optionally <c>--signal-get</c>; null when the JSON is not a modem object.</summary>
    public static MmcliModemStatus? Parse(string modemJson, string? signalJson)
    {
        try
        {
            using var modemDoc = JsonDocument.Parse(modemJson);
            if (!modemDoc.RootElement.TryGetProperty("modem", out var modem))
            {
                return null;
            }

            var generic = Child(modem, "generic");
            var threeGpp = Child(modem, "3gpp");
            var techs = generic is { } g && g.TryGetProperty("access-technologies", out var at) && at.ValueKind == JsonValueKind.Array
                ? string.Join(',', at.EnumerateArray().Select(e => e.GetString()))
                : Str(generic, "access-technologies");
            var quality = generic is { } g2 && g2.TryGetProperty("signal-quality", out var sq) ? Str(sq, "value") : null;

            double? rssi = null, rsrp = null, rsrq = null, sinr = null;
            if (signalJson is not null)
            {
                using var signalDoc = JsonDocument.Parse(signalJson);
                var signal = Child(signalDoc.RootElement.TryGetProperty("modem", out var m) ? m : signalDoc.RootElement, "signal");
                // Prefer the most capable RAT that reports values (5G NSA reports both lte and 5g).
                foreach (var rat in new[] { "lte", "5g", "umts", "gsm" })
                {
                    var r = Child(signal, rat);
                    rsrp ??= Num(r, "rsrp");
                    rsrq ??= Num(r, "rsrq");
                    sinr ??= Num(r, "snr") ?? Num(r, "sinr");
                    rssi ??= Num(r, "rssi");
                }
            }

            return new MmcliModemStatus(
                Str(generic, "manufacturer"), Str(generic, "model"), Str(generic, "state"),
                Str(threeGpp, "operator-name"), Str(threeGpp, "operator-code"),
                ModemManagerNames.ParseState(Str(threeGpp, "registration-state")), ModemManagerNames.ParseAccessTech(techs),
                int.TryParse(quality, out var q) ? q : null, Str(generic, "sim"), null, rssi, rsrp, rsrq, sinr);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? ParseIccid(string simJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(simJson);
            return doc.RootElement.TryGetProperty("sim", out var sim) ? Str(Child(sim, "properties"), "iccid") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) ? child : null;

    private static string? Str(JsonElement? parent, string name)
    {
        if (Child(parent, name) is not { ValueKind: JsonValueKind.String } v)
        {
            return null;
        }

        var s = v.GetString();
        return string.IsNullOrWhiteSpace(s) || s == "--" ? null : s;
    }

    private static double? Num(JsonElement? parent, string name) =>
        double.TryParse(Str(parent, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
