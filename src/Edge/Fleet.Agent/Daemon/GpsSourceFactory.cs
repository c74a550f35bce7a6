using Fleet.Agent.Config;
using Fleet.Agent.Gps;

namespace Fleet.Agent.Daemon;

/// <summary>Maps gps.source in the config to a source; the validator has already checked the fields each needs.</summary>
public static class GpsSourceFactory
{
    public static IGpsSource? Create(GpsOptions gps, TimeProvider clock) => gps.Source switch
    {
        // A modem's GNSS port speaks plain NMEA on its own tty, like a stand-alone receiver.
        "nmea-tty" or "modem" => NmeaStreamGpsSource.ForDevice(gps.Device!),
        "gpsd" => new GpsdJsonGpsSource(gps.Host, gps.Port),
        "nmea-file" => new NmeaFileReplayGpsSource(gps.Path!, gps.ReplaySpeed, clock),
        _ => null,
    };
}
