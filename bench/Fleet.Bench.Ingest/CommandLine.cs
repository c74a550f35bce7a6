using System.Globalization;

namespace Fleet.Bench.Ingest;

/// <summary>--name value pairs.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static CommandLine Parse(IEnumerable<string> args)
    {
        var result = new CommandLine();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
                throw new ArgumentException($"expected '--name value', got '{key}'");
            result._values[key[2..]] = e.Current;
        }
        return result;
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public long Number(string name, long fallback) =>
        _values.TryGetValue(name, out var value)
            ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"--{name} must be a non-negative integer, got '{value}'")
            : fallback;
}
