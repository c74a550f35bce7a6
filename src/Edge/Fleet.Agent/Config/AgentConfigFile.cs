using System.Text.Json;

namespace Fleet.Agent.Config;

/// <summary>Reads the agent's JSON config, turning I/O and syntax errors into one readable message.</summary>
public static class AgentConfigFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static ConfigResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ConfigResult.Fail($"{path}: cannot read: {e.Message}");
        }

        return Parse(text, path);
    }

    public static ConfigResult Parse(string json, string sourceName)
    {
        try
        {
            var options = JsonSerializer.Deserialize<AgentOptions>(json, Json);
            return options is null ? ConfigResult.Fail($"{sourceName}: the file holds null, expected an object") : ConfigResult.Ok(options);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and positions from 0; editors count from 1.
            var where = e.LineNumber is { } line ? $"line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "unknown position";
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" ({e.Path.TrimStart('$', '.')})";
            return ConfigResult.Fail($"{sourceName}: {where}{field}: {FirstSentence(e.Message)}");
        }
    }

    /// <summary>Copies a loaded file into the options instance the host's options pipeline owns.</summary>
    public static void CopyTo(AgentOptions from, AgentOptions to)
    {
        to.Central = from.Central;
        to.EnrollmentToken = from.EnrollmentToken;
        to.EnrollmentTokenFile = from.EnrollmentTokenFile;
        to.StateDir = from.StateDir;
        to.Uplinks = from.Uplinks;
        to.Modems = from.Modems;
        to.Gps = from.Gps;
        to.Intervals = from.Intervals;
        to.Outbox = from.Outbox;
        to.Tunnel = from.Tunnel;
    }

    private static string FirstSentence(string message)
    {
        // The exception text repeats path and position after the first sentence.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}

public sealed record ConfigResult(AgentOptions? Options, string? Error)
{
    public static ConfigResult Ok(AgentOptions options) => new(options, null);

    public static ConfigResult Fail(string error) => new(null, error);
}
