using System.Text.RegularExpressions;

namespace Fleet.Agent.Modems.Parsing.ThreeGpp;

/// <summary>One AT+CIND=? indicator; <see cref="Index"/> is its 1-based position (what AT+CIND? values follow).</summary>
public sealed record IndicatorRange(int Index, string Name, int Min, int Max);

public static partial class IndicatorParser
{
    /// <summary>Parses ("name",(min-max)) or ("name",(a,b,...)); names are lower-cased with spaces removed.</summary>
    public static IReadOnlyList<IndicatorRange> ParseCindTest(string response)
    {
        var payload = AtFields.Payload(response, "+CIND") ?? response;
        var list = new List<IndicatorRange>();
        foreach (Match m in Item().Matches(payload))
        {
            var numbers = Regex.Split(m.Groups[2].Value, "[-,]")
                .Select(s => int.TryParse(s.Trim(), out var n) ? n : (int?)null)
                .Where(n => n is not null)
                .Select(n => n!.Value)
                .ToList();
            if (numbers.Count == 0)
            {
                continue;
            }

            var name = m.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            list.Add(new IndicatorRange(list.Count + 1, name, numbers.Min(), numbers.Max()));
        }

        return list;
    }

    [GeneratedRegex("""\(\s*"([^"]*)"\s*,\s*\(([^\)]*)\)\s*\)""")]
    private static partial Regex Item();
}
