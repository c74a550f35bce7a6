namespace Fleet.Agent.Gps;

/// <summary>
/// Turns a stream of NMEA lines into one <see cref="GpsFix"/> per receiver epoch. Receivers spread an
/// epoch over several sentences (RMC: date/speed/track, GGA: altitude/satellites/HDOP, GSA: 2D/3D,
/// VTG: speed/track), so values are gathered until a sentence with a different UTC time starts the
/// next epoch. Supported: RMC, GGA, GNS, GLL, GSA, VTG and ZDA from any talker (GP, GN, GL, BD, GA,
/// GB, ...). Deliberately skipped: GSV (satellites in view, not used), GST/GBS (error estimates),
/// HDT/ROT and all proprietary ($P...) sentences, AIS (!AIVDM) and instrument sentences (SD, WI, II).
/// </summary>
public sealed class NmeaFixAssembler
{
    private const int RankGll = 1;
    private const int RankGga = 2;
    private const int RankRmc = 3;

    private readonly DateOnly _rolloverReference;
    private Epoch? _epoch;
    private DateOnly? _lastDate;
    private GpsFixMode _lastGsaMode;
    private TimeSpan? _lastTime;

    public NmeaFixAssembler(DateOnly? rolloverReference = null)
    {
        _rolloverReference = rolloverReference ?? GpsWeekRollover.DefaultReference;
    }

    public int AcceptedSentences { get; private set; }

    public int RejectedSentences { get; private set; }

    /// <summary>Fixes dropped because the receiver never reported a date (no RMC or ZDA yet).</summary>
    public int UndatedEpochs { get; private set; }

    /// <summary>Feeds one line; returns the fix of the previous epoch when this line starts a new one.</summary>
    public NmeaLineError Push(ReadOnlySpan<char> line, out GpsFix? completed)
    {
        completed = null;
        var error = NmeaSentence.TryParse(line, out var sentence);
        if (error != NmeaLineError.None)
        {
            if (error != NmeaLineError.NotASentence)
            {
                RejectedSentences++;
            }

            return error;
        }

        AcceptedSentences++;
        Apply(sentence!, ref completed);
        return NmeaLineError.None;
    }

    /// <summary>Completes the epoch in progress (end of input).</summary>
    public GpsFix? Flush()
    {
        var fix = _epoch is null ? null : Complete(_epoch);
        _epoch = null;
        return fix;
    }

    private void Apply(NmeaSentence s, ref GpsFix? completed)
    {
        if (s.Talker == "P")
        {
            return;
        }

        switch (s.Type)
        {
            case "RMC":
                ApplyRmc(s, ref completed);
                break;
            case "GGA":
                ApplyGga(s, ref completed);
                break;
            case "GNS":
                ApplyGns(s, ref completed);
                break;
            case "GLL":
                ApplyGll(s, ref completed);
                break;
            case "ZDA":
                ApplyZda(s, ref completed);
                break;
            case "GSA":
                ApplyGsa(s);
                break;
            case "VTG":
                ApplyVtg(s);
                break;
        }
    }

    /// <summary>Returns the epoch for this UTC time, completing the previous one if the time moved on.</summary>
    private Epoch? EpochAt(string timeField, ref GpsFix? completed)
    {
        if (NmeaFields.TimeOfDay(timeField) is not { } time)
        {
            return null;
        }

        if (_epoch is { } current && current.Time == time)
        {
            return current;
        }

        if (_epoch is not null)
        {
            completed = Complete(_epoch);
        }

        _epoch = new Epoch(time);
        return _epoch;
    }

    private void ApplyRmc(NmeaSentence s, ref GpsFix? completed)
    {
        // hhmmss, status, lat, N/S, lon, E/W, speed kn, track, ddmmyy, magvar, E/W, mode
        if (EpochAt(s.Field(0), ref completed) is not { } e)
        {
            return;
        }

        if (NmeaFields.Date(s.Field(8)) is { } date)
        {
            e.Date ??= date;
        }

        // Mode indicator 'N' (data not valid) overrides an 'A' status on NMEA 2.3+ receivers.
        var valid = s.Field(1) == "A" && s.Field(11) != "N";
        e.Valid = e.Valid is null ? valid : e.Valid.Value && valid;
        if (!valid)
        {
            return;
        }

        SetPosition(e, RankRmc, s.Field(2), s.Field(3), s.Field(4), s.Field(5));
        e.Speed = NmeaFields.Knots(s.Field(6)) ?? e.Speed;
        e.Track = NmeaFields.Number(s.Field(7)) ?? e.Track;
    }

    private void ApplyGga(NmeaSentence s, ref GpsFix? completed)
    {
        // hhmmss, lat, N/S, lon, E/W, quality, sats, hdop, alt, M, geoid sep, M, age, station
        if (EpochAt(s.Field(0), ref completed) is not { } e)
        {
            return;
        }

        var quality = NmeaFields.Integer(s.Field(5)) ?? 0;
        e.Satellites = NmeaFields.Integer(s.Field(6)) ?? e.Satellites;
        e.Hdop = NmeaFields.Number(s.Field(7)) ?? e.Hdop;
        var valid = quality > 0 && quality != 6; // 6 = dead reckoning estimate, not a measured fix
        e.Valid = e.Valid is null ? valid : e.Valid.Value && valid;
        if (!valid)
        {
            return;
        }

        SetPosition(e, RankGga, s.Field(1), s.Field(2), s.Field(3), s.Field(4));
        e.Altitude = NmeaFields.Number(s.Field(8)) ?? e.Altitude;
    }

    private void ApplyGns(NmeaSentence s, ref GpsFix? completed)
    {
        // hhmmss, lat, N/S, lon, E/W, mode chars (one per constellation), sats, hdop, alt, geoid sep, age, station, nav status
        if (EpochAt(s.Field(0), ref completed) is not { } e)
        {
            return;
        }

        var modes = s.Field(5);
        var valid = modes.Length > 0 && modes.Any(c => c is 'A' or 'D' or 'P' or 'R' or 'F');
        e.Satellites = NmeaFields.Integer(s.Field(6)) ?? e.Satellites;
        e.Hdop = NmeaFields.Number(s.Field(7)) ?? e.Hdop;
        e.Valid = e.Valid is null ? valid : e.Valid.Value && valid;
        if (!valid)
        {
            return;
        }

        SetPosition(e, RankGga, s.Field(1), s.Field(2), s.Field(3), s.Field(4));
        e.Altitude = NmeaFields.Number(s.Field(8)) ?? e.Altitude;
    }

    private void ApplyGll(NmeaSentence s, ref GpsFix? completed)
    {
        // lat, N/S, lon, E/W, hhmmss, status, mode. GLL only fills in what RMC/GGA did not say.
        if (EpochAt(s.Field(4), ref completed) is not { } e)
        {
            return;
        }

        var valid = s.Field(5) == "A" && s.Field(6) != "N";
        if (!valid)
        {
            e.Valid ??= false;
            return;
        }

        e.Valid ??= true;
        SetPosition(e, RankGll, s.Field(0), s.Field(1), s.Field(2), s.Field(3));
    }

    private void ApplyZda(NmeaSentence s, ref GpsFix? completed)
    {
        // hhmmss, dd, mm, yyyy, zone h, zone m
        if (NmeaFields.Integer(s.Field(1)) is not { } d
            || NmeaFields.Integer(s.Field(2)) is not { } m
            || NmeaFields.Integer(s.Field(3)) is not { } y
            || y < 1980 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return;
        }

        if (EpochAt(s.Field(0), ref completed) is { } e)
        {
            e.Date ??= new DateOnly(y, m, d);
        }
    }

    private void ApplyGsa(NmeaSentence s)
    {
        // selection mode, fix mode (1/2/3), 12 satellite ids, pdop, hdop, vdop[, system id]
        if (NmeaFields.Integer(s.Field(1)) is { } mode and >= 1 and <= 3)
        {
            _lastGsaMode = (GpsFixMode)mode;
            if (_epoch is { } e)
            {
                // Multi-constellation receivers send one GSA per system; the best one describes the fix.
                e.GsaMode = e.GsaMode is { } previous && previous > (GpsFixMode)mode ? previous : (GpsFixMode)mode;
            }
        }
    }

    private void ApplyVtg(NmeaSentence s)
    {
        // track true, T, track magnetic, M, speed kn, N, speed km/h, K, mode
        if (_epoch is not { } e || s.Field(8) == "N")
        {
            return;
        }

        e.Track ??= NmeaFields.Number(s.Field(0));
        e.Speed ??= NmeaFields.Knots(s.Field(4)) ?? (NmeaFields.Number(s.Field(6)) is { } kmh ? kmh / 3.6 : null);
    }

    /// <summary>
    /// Receivers on a shared bus (chartplotters, multiplexers) print RMC, GGA and GLL of one epoch from
    /// slightly different solution instants. RMC is the recommended minimum and carries the date, so its
    /// position wins, then GGA/GNS, then GLL.
    /// </summary>
    private static void SetPosition(Epoch e, int rank, string lat, string ns, string lon, string ew)
    {
        if (rank < e.PositionRank)
        {
            return;
        }

        var la = NmeaFields.Coordinate(lat, ns, 90);
        var lo = NmeaFields.Coordinate(lon, ew, 180);
        if (la is not null && lo is not null)
        {
            e.Latitude = la;
            e.Longitude = lo;
            e.PositionRank = rank;
        }
    }

    private GpsFix? Complete(Epoch e)
    {
        var date = e.Date;
        if (date is null && _lastDate is { } last && _lastTime is { } lastTime)
        {
            // No date in this epoch: carry the last one forward, across midnight when the clock wrapped.
            date = e.Time < lastTime - TimeSpan.FromHours(12) ? last.AddDays(1) : last;
        }

        if (date is null)
        {
            UndatedEpochs++;
            return null;
        }

        _lastDate = date;
        _lastTime = e.Time;
        var corrected = GpsWeekRollover.Correct(date.Value, _rolloverReference);
        var time = new DateTimeOffset(corrected.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).Add(e.Time);

        var hasPosition = e.Valid != false && e.Latitude is not null;
        GpsFixMode mode;
        if (!hasPosition)
        {
            mode = GpsFixMode.NoFix;
        }
        else
        {
            // An altitude in the epoch means a 3D solution even when a GSA (often of the previous
            // epoch) still says 2D; otherwise the latest GSA tells 2D from 3D.
            var gsa = e.GsaMode ?? _lastGsaMode;
            mode = e.Altitude is not null ? GpsFixMode.Fix3D : gsa >= GpsFixMode.Fix2D ? gsa : GpsFixMode.Fix2D;
        }

        return new GpsFix(
            time,
            hasPosition ? e.Latitude : null,
            hasPosition ? e.Longitude : null,
            hasPosition && mode == GpsFixMode.Fix3D ? e.Altitude : null,
            hasPosition ? e.Speed : null,
            hasPosition ? e.Track : null,
            mode,
            e.Satellites,
            e.Hdop);
    }

    private sealed class Epoch(TimeSpan time)
    {
        public TimeSpan Time { get; } = time;

        public DateOnly? Date { get; set; }

        public bool? Valid { get; set; }

        public int PositionRank { get; set; }

        public double? Latitude { get; set; }

        public double? Longitude { get; set; }

        public double? Altitude { get; set; }

        public double? Speed { get; set; }

        public double? Track { get; set; }

        public GpsFixMode? GsaMode { get; set; }

        public int? Satellites { get; set; }

        public double? Hdop { get; set; }
    }
}
