using System.Globalization;

namespace Fleet.Agent.Health;

/// <summary>Reads small kernel files; a missing or unreadable file is null (sensors come and go with hardware).</summary>
internal static class SysFiles
{
    public static string? Text(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static long? Long(string path) =>
        long.TryParse(Text(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static IEnumerable<string> Directories(string path, string pattern)
    {
        try
        {
            return Directory.Exists(path) ? Directory.EnumerateDirectories(path, pattern).Order(StringComparer.Ordinal).ToList() : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
