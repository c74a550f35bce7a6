using System.Globalization;

namespace Fleet.LinkShaper.Control;

public enum ShaperVerb
{
    Epoch,
    Blackhole,
    Restore,
    Rate,
    Delay,
    Loss,
    Stats,
}

[Flags]
public enum Directions
{
    Up = 1,
    Down = 2,
    Both = Up | Down,
}

/// <summary>
/// One control command, from the control FIFO or a scheduled event:
/// <c>epoch</c> | <c>stats</c> | <c>blackhole LINK [up|down|both]</c> | <c>restore LINK</c> |
/// <c>rate LINK MBIT [dir]</c> | <c>delay LINK MS [JITTER_MS] [dir]</c> | <c>loss LINK PCT [dir]</c>.
/// </summary>
public sealed record ShaperCommand(ShaperVerb Verb, string Link, Directions Directions, double Value, double Value2)
{
    public static bool TryParse(string? text, out ShaperCommand command, out string error)
    {
        command = new ShaperCommand(ShaperVerb.Stats, "", Directions.Both, 0, 0);
        error = "";
        var words = (text ?? "").Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) { error = "empty command"; return false; }
        var dir = Directions.Both;
        if (words.Length > 2 && TryDirection(words[^1], out var d))
        {
            dir = d;
            words = words[..^1];
        }
        double Num(int i) => double.Parse(words[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        bool IsNum(int i) => i < words.Length && double.TryParse(words[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0;
        switch (words[0].ToLowerInvariant())
        {
            case "epoch" when words.Length == 1:
                command = command with { Verb = ShaperVerb.Epoch };
                return true;
            case "stats" when words.Length == 1:
                return true;
            case "blackhole" when words.Length == 2:
                command = new ShaperCommand(ShaperVerb.Blackhole, words[1], dir, 0, 0);
                return true;
            case "restore" when words.Length == 2:
                command = new ShaperCommand(ShaperVerb.Restore, words[1], dir, 0, 0);
                return true;
            case "rate" when words.Length == 3 && IsNum(2) && Num(2) > 0:
                command = new ShaperCommand(ShaperVerb.Rate, words[1], dir, Num(2), 0);
                return true;
            case "delay" when words.Length is 3 or 4 && IsNum(2) && (words.Length == 3 || IsNum(3)):
                command = new ShaperCommand(ShaperVerb.Delay, words[1], dir, Num(2), words.Length == 4 ? Num(3) : 0);
                return true;
            case "loss" when words.Length == 3 && IsNum(2) && Num(2) <= 100:
                command = new ShaperCommand(ShaperVerb.Loss, words[1], dir, Num(2), 0);
                return true;
            default:
                error = $"bad command '{text}': use epoch | stats | blackhole L [dir] | restore L | rate L MBIT [dir] | " +
                        "delay L MS [JITTER_MS] [dir] | loss L PCT [dir]  (dir = up|down|both)";
                return false;
        }
    }

    private static bool TryDirection(string word, out Directions directions)
    {
        directions = word.ToLowerInvariant() switch
        {
            "up" => Directions.Up,
            "down" => Directions.Down,
            "both" => Directions.Both,
            _ => 0,
        };
        return directions != 0;
    }
}
