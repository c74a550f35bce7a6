using System.IO.Compression;
using Fleet.LinkShaper.Model;

namespace Fleet.LinkShaper.Traces;

/// <summary>
/// Loads a capacity trace by content: JSON capacity files ({"uplink":{"trace_pattern":[...]}}) or mahimahi
/// delivery-opportunity files; either may be gzip-compressed (*.gz).
/// </summary>
public static class TraceLoader
{
    public static TraceParseResult Load(string path)
    {
        string text;
        try
        {
            using var file = File.OpenRead(path);
            using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(input);
            text = reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return TraceParseResult.Fail($"{path}: {e.Message}");
        }
        var trimmed = text.AsSpan().TrimStart();
        var result = trimmed.Length > 0 && trimmed[0] == '{' ? CapacityJsonParser.Parse(text) : MahimahiParser.Parse(text);
        return result.Ok ? result : TraceParseResult.Fail($"{path}: {result.Error}");
    }
}

/// <summary>A parsed trace or a message saying what is wrong with the file.</summary>
public sealed record TraceParseResult(PiecewiseCapacity? Capacity, string Error)
{
    public bool Ok => Capacity is not null;

    public static TraceParseResult Success(PiecewiseCapacity capacity) => new(capacity, "");

    public static TraceParseResult Fail(string error) => new(null, error);
}
