using System.Text.Json;

namespace Fleet.Agent.Health;

/// <summary>
/// SMART via <c>smartctl --json -a DEV</c>. smartctl's exit status is a bit mask that is non-zero for many
/// healthy disks, so the JSON is parsed whatever the status; missing smartctl means no entry.
/// </summary>
public sealed class SmartctlReader(IProcessRunner runner, string smartctlPath = "smartctl")
{
    public async Task<SmartStatus?> ReadAsync(string device, CancellationToken cancellationToken)
    {
        var output = await runner.RunAsync(smartctlPath, ["--json", "-a", device], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return output is null ? null : Parse(device, output.StandardOutput);
    }

    public static SmartStatus? Parse(string device, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            bool? passed = root.TryGetProperty("smart_status", out var ss) && ss.TryGetProperty("passed", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? p.GetBoolean()
                : null;
            double? temperature = root.TryGetProperty("temperature", out var t) && t.TryGetProperty("current", out var c) && c.TryGetDouble(out var cv) ? cv : null;
            long? hours = root.TryGetProperty("power_on_time", out var pot) && pot.TryGetProperty("hours", out var h) && h.TryGetInt64(out var hv) ? hv : null;
            int? used = root.TryGetProperty("nvme_smart_health_information_log", out var nvme) && nvme.TryGetProperty("percentage_used", out var pu) && pu.TryGetInt32(out var puv) ? puv : null;
            var model = root.TryGetProperty("model_name", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (passed is null && temperature is null && model is null)
            {
                return null;
            }

            return new SmartStatus(device, model, passed, temperature, hours, used);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
