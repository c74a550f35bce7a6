using System.Text.Json;
using Fleet.LinkShaper.Control;
using Fleet.LinkShaper.Model;
using Fleet.LinkShaper.Traces;

namespace Fleet.LinkShaper.Config;

/// <summary>Reads, validates and turns the JSON config into direction settings; every problem is reported, none thrown.</summary>
public static class ShaperConfigLoader
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static (ShaperConfig? Config, List<string> Errors) Parse(string json)
    {
        ShaperConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<ShaperConfig>(json, Json);
        }
        catch (JsonException e)
        {
            return (null, [$"config: {e.Message}"]);
        }
        if (config is null) return (null, ["config: empty"]);
        return (config, Validate(config));
    }

    public static List<string> Validate(ShaperConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        if (config.Links.Count == 0) errors.Add("links: at least one link is required");
        if (config.SlotsPerDirection is < 64 or > 1 << 20) errors.Add("slotsPerDirection must be 64..1048576");
        var names = new HashSet<string>();
        foreach (var link in config.Links)
        {
            var where = $"link '{link.Name}'";
            if (string.IsNullOrWhiteSpace(link.Name) || !names.Add(link.Name)) errors.Add($"{where}: name must be unique and non-empty");
            if (string.IsNullOrWhiteSpace(link.A) || string.IsNullOrWhiteSpace(link.B) || link.A == link.B)
                errors.Add($"{where}: a and b must name two different interfaces");
            ValidateDirection(errors, $"{where} up", link.Up);
            ValidateDirection(errors, $"{where} down", link.Down);
        }
        foreach (var e in config.Events)
        {
            if (e.At < 0) errors.Add($"event '{e.Command}': at must be >= 0");
            if (!ShaperCommand.TryParse(e.Command, out _, out var error)) errors.Add($"event at {e.At}s: {error}");
        }
        return errors;
    }

    private static void ValidateDirection(List<string> errors, string where, DirectionConfig d)
    {
        if (d.RateMbit is <= 0) errors.Add($"{where}: rateMbit must be > 0");
        if (d.TraceScale <= 0) errors.Add($"{where}: traceScale must be > 0");
        if (d.DelayMs < 0 || d.JitterMs < 0) errors.Add($"{where}: delayMs and jitterMs must be >= 0");
        if (d.LossPct is < 0 or > 100) errors.Add($"{where}: lossPct must be 0..100");
        if (d.QueueMs <= 0) errors.Add($"{where}: queueMs must be > 0");
        if (d.QueueBytes < 0) errors.Add($"{where}: queueBytes must be >= 0");
        if (d.BurstLoss is { } ge && (ge.P is < 0 or > 1 || ge.R is < 0 or > 1 || ge.LossInBad is < 0 or > 1 || ge.LossInGood is < 0 or > 1))
            errors.Add($"{where}: burstLoss probabilities must be 0..1");
        if (d.Trace is { } t && !File.Exists(t)) errors.Add($"{where}: trace file '{t}' not found");
    }

    /// <summary>Builds runtime settings; the trace cache avoids parsing a file twice when both directions use it.</summary>
    public static (DirectionSettings? Settings, string Error) Build(DirectionConfig d, Dictionary<string, PiecewiseCapacity> traceCache)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(traceCache);
        ICapacityModel capacity;
        if (d.Trace is { } path)
        {
            if (!traceCache.TryGetValue(path, out var trace))
            {
                var parsed = TraceLoader.Load(path);
                if (!parsed.Ok) return (null, parsed.Error);
                trace = parsed.Capacity!;
                traceCache[path] = trace;
            }
            capacity = d.TraceScale == 1 ? trace : new ScaledCapacity(trace, d.TraceScale);
        }
        else
        {
            capacity = new ConstantCapacity((d.RateMbit ?? 100_000) * 1e6);
        }
        ILossModel? loss = d.BurstLoss is { } ge
            ? new GilbertElliottLoss(ge.P, ge.R, ge.LossInBad, ge.LossInGood)
            : d.LossPct > 0 ? new RandomLoss(d.LossPct / 100) : null;
        return (new DirectionSettings
        {
            Capacity = capacity,
            DelayUs = (long)(d.DelayMs * 1000),
            JitterUs = (long)(d.JitterMs * 1000),
            AllowReorder = d.Reorder,
            Loss = loss,
            QueueLimitUs = (long)(d.QueueMs * 1000),
            QueueLimitBytes = d.QueueBytes,
        }, "");
    }
}
