using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Tracks;

/// <summary>Section "ApiV1:Tracks".</summary>
public sealed class TracksOptions
{
    public const string Section = "ApiV1:Tracks";

    /// <summary>Above this many fixes a track line is simplified (ST_SimplifyPreserveTopology).</summary>
    [Range(2, 1_000_000)]
    public int MaxTrackPoints { get; set; } = 2000;

    /// <summary>Most fixes a track line is built from. A range holding more (a day at 1 Hz is 86,400) keeps
    /// the first fix of each of this many equal time slices, and the last fix, before simplifying; each slice
    /// is one index probe, so this bounds the cost of a track query whatever the range. The default gives a
    /// day 30-second slices (the resolution retention keeps forever in positions_downsampled), still denser
    /// than <see cref="MaxTrackPoints"/>.</summary>
    [Range(2, 10_000_000)]
    public int MaxLineFixes { get; set; } = 2_880;

    /// <summary>A stop: the vehicle stays within this radius …</summary>
    [Range(1, 10_000)]
    public double StopRadiusMeters { get; set; } = 50;

    /// <summary>… for at least this long.</summary>
    [Range(1, 86_400)]
    public int StopMinDurationSeconds { get; set; } = 180;
}
